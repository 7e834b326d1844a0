package io.cairn.catalog.hive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionNamesTest {

    private static final List<HiveColumn> KEYS = List.of(HiveColumn.of("dt", "string", null), HiveColumn.of("path", "string", null));

    @Test
    void namesEscapeAsHiveDoesAndParseBack() {
        String name = PartitionNames.name(KEYS, List.of("2024-01-01", "a/b=c:d%"));
        assertThat(name).isEqualTo("dt=2024-01-01/path=a%2Fb%3Dc%3Ad%25");
        assertThat(PartitionNames.values(KEYS, name)).containsExactly("2024-01-01", "a/b=c:d%");
        assertThat(PartitionNames.name(KEYS, List.of("x", ""))).isEqualTo("dt=x/path=" + PartitionNames.DEFAULT_PARTITION);
        assertThat(PartitionNames.unescape("caf%C3%A9")).isEqualTo("café");
    }

    @Test
    void mismatchedValuesAreRefused() {
        assertThatThrownBy(() -> PartitionNames.name(KEYS, List.of("only-one")))
                .isInstanceOf(InvalidObjectException.class).hasMessageContaining("2 partition keys but 1 values");
        assertThatThrownBy(() -> PartitionNames.values(KEYS, "dt=1"))
                .isInstanceOf(InvalidObjectException.class).hasMessageContaining("no value for key 'path'");
        assertThatThrownBy(() -> PartitionNames.parse("nonsense"))
                .isInstanceOf(InvalidObjectException.class);
    }
}
