package io.cairn.metadata.urn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UrnTest {

    @Test
    void roundTripsEveryType() {
        UUID id = UUID.fromString("0b4a5c2e-8f7e-4d8a-9a47-3f1e2d9c7b10");
        List<Urn> urns = List.of(
                Urn.dataset(id),
                Urn.job(id),
                Urn.run(id),
                Urn.column(id, "address.zip code"),
                Urn.namespace("main", List.of("sales", "eu:west/1")),
                Urn.principal(PrincipalKind.CLIENT, "spark-etl"));
        for (Urn urn : urns) {
            assertThat(Urn.parse(urn.toString())).isEqualTo(urn);
        }
        assertThat(Urn.dataset(id).toString()).isEqualTo("urn:cairn:dataset:0b4a5c2e-8f7e-4d8a-9a47-3f1e2d9c7b10");
        assertThat(Urn.namespace("main", List.of("sales", "eu:west/1")).toString())
                .isEqualTo("urn:cairn:namespace:main:sales:eu%3Awest%2F1");
        assertThat(Urn.column(id, "address.zip code").keyParts()).containsExactly(id.toString(), "address.zip code");
    }

    @Test
    void refusesWhatIsNotACairnUrn() {
        assertThatThrownBy(() -> Urn.parse("urn:li:dataset:x")).hasMessageContaining("not a Cairn URN");
        assertThatThrownBy(() -> Urn.parse("urn:cairn:table:x")).hasMessageContaining("unknown entity type 'table'");
        assertThatThrownBy(() -> Urn.parse("urn:cairn:dataset:orders")).hasMessageContaining("lower-case UUID");
        assertThatThrownBy(() -> Urn.parse("urn:cairn:namespace:main")).hasMessageContaining("at least one namespace level");
        assertThatThrownBy(() -> Urn.parse("urn:cairn:principal:robot:x")).hasMessageContaining("unknown principal kind");
        assertThatThrownBy(() -> Urn.parse("urn:cairn:namespace:main:a b")).hasMessageContaining("must be percent-encoded");
        assertThatThrownBy(() -> Urn.parse("urn:cairn:namespace:main:%zz")).hasMessageContaining("bad percent-escape");
        assertThatThrownBy(() -> Urn.parse("urn:cairn:namespace:main::x")).hasMessageContaining("empty key part");
        assertThatThrownBy(() -> Urn.parse("")).isInstanceOf(InvalidUrnException.class);
    }
}
