package io.cairn.catalog.hive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class PartitionFilterTest {

    private static final List<HiveColumn> KEYS = List.of(HiveColumn.of("year", "string", null),
            HiveColumn.of("month", "int", null), HiveColumn.of("region", "string", null));

    private static boolean matches(String filter, String year, String month, String region) {
        Predicate<List<String>> test = PartitionFilter.parse(filter).bind(KEYS);
        return test.test(List.of(year, month, region));
    }

    @Test
    void comparisonsUseTheKeyType() {
        assertThat(matches("year = '2024' AND month > 3", "2024", "10", "eu")).isTrue();
        assertThat(matches("year = '2024' AND month > 3", "2024", "2", "eu")).isFalse();
        // month is an int: 10 > 9 numerically although "10" < "9" as text
        assertThat(matches("month > 9", "2024", "10", "eu")).isTrue();
        assertThat(matches("month >= 10 and month <= 10", "2024", "10", "eu")).isTrue();
        assertThat(matches("region < 'f'", "2024", "1", "eu")).isTrue();
        assertThat(matches("3 < month", "2024", "4", "eu")).isTrue();
        assertThat(matches("month <> 4", "2024", "4", "eu")).isFalse();
        assertThat(matches("month != 4", "2024", "5", "eu")).isTrue();
        assertThat(matches("`YEAR` == \"2024\"", "2024", "5", "eu")).isTrue();
        // a string key compared with a number compares numerically when both are numbers
        assertThat(matches("year > 999", "2024", "5", "eu")).isTrue();
    }

    @Test
    void inBetweenLikeNotOrAndParentheses() {
        assertThat(matches("region IN ('eu', 'us')", "2024", "1", "us")).isTrue();
        assertThat(matches("region NOT IN ('eu', 'us')", "2024", "1", "us")).isFalse();
        assertThat(matches("month BETWEEN 2 AND 4", "2024", "3", "us")).isTrue();
        assertThat(matches("month NOT BETWEEN 2 AND 4", "2024", "3", "us")).isFalse();
        assertThat(matches("region LIKE 'e%'", "2024", "3", "eu-west")).isTrue();
        assertThat(matches("region LIKE 'e_'", "2024", "3", "eu-west")).isFalse();
        assertThat(matches("region NOT LIKE 'e%'", "2024", "3", "us")).isTrue();
        assertThat(matches("(year = '2023' OR year = '2024') AND NOT (month = 1)", "2024", "2", "us")).isTrue();
        assertThat(matches("year = '2023' OR year = '2024' AND month = 1", "2024", "2", "us")).isFalse();
        assertThat(matches("region IS NULL", "2024", "2", PartitionNames.DEFAULT_PARTITION)).isTrue();
        assertThat(matches("region IS NOT NULL", "2024", "2", "eu")).isTrue();
        assertThat(matches("year = DATE '2024'", "2024", "2", "eu")).isTrue();
        assertThat(matches("month = 'x'", "2024", "2", "eu")).isFalse();
        assertThat(matches("", "2024", "2", "eu")).isTrue();
        assertThat(matches(null, "2024", "2", "eu")).isTrue();
    }

    @Test
    void badFiltersAreRefusedWithTheirPosition() {
        assertThatThrownBy(() -> PartitionFilter.parse("year = '2024"))
                .isInstanceOf(InvalidObjectException.class).hasMessageContaining("unterminated string");
        assertThatThrownBy(() -> PartitionFilter.parse("year = "))
                .isInstanceOf(InvalidObjectException.class).hasMessageContaining("at the end");
        assertThatThrownBy(() -> PartitionFilter.parse("year = 1 AND"))
                .isInstanceOf(InvalidObjectException.class).hasMessageContaining("expected a partition key");
        assertThatThrownBy(() -> PartitionFilter.parse("year ~ 1"))
                .isInstanceOf(InvalidObjectException.class).hasMessageContaining("unexpected character '~'");
        assertThatThrownBy(() -> PartitionFilter.parse("(year = 1"))
                .isInstanceOf(InvalidObjectException.class).hasMessageContaining("expected ')'");
        assertThatThrownBy(() -> PartitionFilter.parse("year = 1 month = 2"))
                .isInstanceOf(InvalidObjectException.class).hasMessageContaining("unexpected 'month'");
        assertThatThrownBy(() -> PartitionFilter.parse("day = 1").bind(KEYS))
                .isInstanceOf(InvalidObjectException.class).hasMessageContaining("not a partition key");
        assertThatThrownBy(() -> PartitionFilter.parse("(".repeat(500) + "year = 1" + ")".repeat(500)))
                .isInstanceOf(InvalidObjectException.class).hasMessageContaining("nested more than");
        assertThatThrownBy(() -> PartitionFilter.parse("year = 1 OR ".repeat(2000) + "year = 2"))
                .isInstanceOf(InvalidObjectException.class).hasMessageContaining("longer than");
    }
}
