package io.cairn.metadata.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.metadata.MetadataFixture;
import io.cairn.metadata.aspect.CoreAspects;
import io.cairn.metadata.aspect.Description;
import io.cairn.metadata.aspect.InvalidAspectException;
import io.cairn.metadata.auth.AccessDeniedException;
import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.Role;
import io.cairn.metadata.urn.PrincipalKind;
import io.cairn.metadata.urn.Urn;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EntityStoreTest {

    private static final Actor WRITER = Actor.client("writer-1", Role.WRITER);

    @TempDir
    static Path dataDir;
    static MetadataFixture fixture;

    @BeforeAll
    static void start() {
        fixture = MetadataFixture.start(dataDir);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void everyWriteAddsAVersionAndEarlierOnesSurviveARestart() {
        Urn urn = Urn.dataset(UUID.randomUUID());
        EntityStore entities = fixture.entities();
        AspectVersionAssert first = new AspectVersionAssert(entities.put(WRITER, urn, CoreAspects.DESCRIPTION, new Description("raw orders"), OptionalLong.empty()));
        AspectVersionAssert second = new AspectVersionAssert(entities.put(WRITER, urn, CoreAspects.DESCRIPTION, new Description("cleaned orders"), OptionalLong.empty()));
        first.hasVersion(1);
        second.hasVersion(2);

        fixture.restart();
        entities = fixture.entities();

        assertThat(entities.version(urn, "description", 1).orElseThrow().valueJson()).isEqualTo("{\"text\":\"raw orders\"}");
        assertThat(entities.version(urn, "description", 2).orElseThrow().valueJson()).isEqualTo("{\"text\":\"cleaned orders\"}");
        assertThat(entities.latest(urn, "description").orElseThrow().version()).isEqualTo(2);
        assertThat(entities.history(urn, "description", 10, OptionalLong.empty())).extracting(v -> v.version()).containsExactly(2L, 1L);
        assertThat(entities.history(urn, "description", 10, OptionalLong.of(2))).extracting(v -> v.version()).containsExactly(1L);
        EntityRecord entity = entities.entity(urn).orElseThrow();
        assertThat(entity.aspectVersions()).containsEntry("description", 2L);
        assertThat(entity.createdBy()).isEqualTo(WRITER.principal().toString());
    }

    @Test
    void concurrentWritersGetContiguousVersionsAndNoneIsLost() throws Exception {
        Urn urn = Urn.dataset(UUID.randomUUID());
        EntityStore entities = fixture.entities();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Long>> writes = IntStream.range(0, 40)
                    .mapToObj(i -> pool.submit(() -> entities.put(WRITER, urn, CoreAspects.DESCRIPTION,
                            new Description("v" + i), OptionalLong.empty()).version()))
                    .toList();
            List<Long> versions = writes.stream().map(EntityStoreTest::get).sorted().toList();
            assertThat(versions).containsExactlyElementsOf(IntStream.rangeClosed(1, 40).mapToObj(i -> (long) i).toList());
        } finally {
            pool.shutdownNow();
        }
        assertThat(entities.history(urn, "description", 100, OptionalLong.empty())).hasSize(40);
    }

    @Test
    void conditionalWriteRefusesAStaleVersionAndWritesNothing() {
        Urn urn = Urn.dataset(UUID.randomUUID());
        EntityStore entities = fixture.entities();
        entities.put(WRITER, urn, CoreAspects.DESCRIPTION, new Description("one"), OptionalLong.of(0));
        assertThatThrownBy(() -> entities.put(WRITER, urn, CoreAspects.DESCRIPTION, new Description("two"), OptionalLong.of(0)))
                .isInstanceOf(VersionConflictException.class)
                .hasMessageContaining("is at version 1, not 0");
        assertThat(entities.latest(urn, "description").orElseThrow().valueJson()).contains("one");
    }

    @Test
    void readersCannotWriteAndAspectsMustFitTheEntity() {
        Urn urn = Urn.dataset(UUID.randomUUID());
        EntityStore entities = fixture.entities();
        assertThatThrownBy(() -> entities.put(Actor.client("r", Role.READER), urn, CoreAspects.DESCRIPTION, new Description("x"), OptionalLong.empty()))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(entities.entity(urn)).isEmpty();
        assertThatThrownBy(() -> new Description("x".repeat(Description.MAX_LENGTH + 1))).isInstanceOf(InvalidAspectException.class);
        assertThat(Urn.principal(PrincipalKind.USER, "ann").type().urnName()).isEqualTo("principal");
    }

    private static <T> T get(Future<T> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private record AspectVersionAssert(io.cairn.metadata.aspect.AspectVersion actual) {
        void hasVersion(long version) {
            assertThat(actual.version()).isEqualTo(version);
        }
    }
}
