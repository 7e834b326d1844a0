package io.cairn.lineage.web;

import com.fasterxml.jackson.databind.util.RawValue;
import io.cairn.lineage.raw.RawEventPage;
import io.cairn.lineage.raw.RawEventReader;
import io.cairn.lineage.read.marquez.Marquez;
import io.cairn.lineage.read.marquez.MarquezReader;
import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.Role;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Marquez's read API for namespaces, datasets, jobs, runs and the kept raw events. Names are path segments as Marquez clients send them
 * (URL-encoded, so {@code s3://bucket} and {@code /marts/totals} arrive whole); lists page by {@code limit} and
 * {@code offset} with Marquez's default of 100.
 */
@RestController
@RequestMapping("/api/v1")
public class MarquezController {

    // Marquez's defaults: everything from the epoch to 2030, newest first
    private static final String DEFAULT_BEFORE = "2030-01-01T00:00:00+00:00";
    private static final String DEFAULT_AFTER = "1970-01-01T00:00:00+00:00";

    private final MarquezReader reader;
    private final RawEventReader rawEvents;

    public MarquezController(MarquezReader reader, RawEventReader rawEvents) {
        this.reader = reader;
        this.rawEvents = rawEvents;
    }

    /** The kept raw events as their producers sent them, by event time ({@code after <= time < before}). */
    @GetMapping("/events/lineage")
    Events events(Actor actor, @RequestParam(defaultValue = DEFAULT_BEFORE) String before,
                  @RequestParam(defaultValue = DEFAULT_AFTER) String after, @RequestParam(defaultValue = "desc") String sortDirection,
                  @RequestParam(defaultValue = "100") int limit, @RequestParam(defaultValue = "0") int offset) {
        actor.require(Role.READER);
        boolean ascending = switch (sortDirection.toLowerCase(Locale.ROOT)) {
            case "asc" -> true;
            case "desc" -> false;
            default -> throw new IllegalArgumentException("sortDirection must be asc or desc, not '" + sortDirection + "'");
        };
        RawEventPage page = rawEvents.list(time("after", after), time("before", before), ascending, limit, offset);
        return new Events(page.events().stream().map(RawValue::new).toList(), page.totalCount());
    }

    private static Instant time(String name, String value) {
        try {
            // an unencoded '+' of an offset arrives as a space
            return ZonedDateTime.parse(value.trim().replace(' ', '+')).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 date-time with an offset, such as "
                    + DEFAULT_AFTER + ", not '" + value + "'");
        }
    }

    /** Marquez's shape: the events (raw JSON, written as stored) and the size of the whole range. */
    record Events(List<RawValue> events, long totalCount) {
    }

    @GetMapping("/namespaces")
    Marquez.NamespaceList namespaces(Actor actor, @RequestParam(defaultValue = "100") int limit, @RequestParam(defaultValue = "0") int offset) {
        actor.require(Role.READER);
        return reader.namespaces(limit, offset);
    }

    @GetMapping("/namespaces/{namespace}")
    Marquez.Namespace namespace(Actor actor, @PathVariable String namespace) {
        actor.require(Role.READER);
        return reader.namespace(namespace);
    }

    @GetMapping("/namespaces/{namespace}/datasets")
    Marquez.DatasetList datasets(Actor actor, @PathVariable String namespace, @RequestParam(defaultValue = "100") int limit,
                                 @RequestParam(defaultValue = "0") int offset) {
        actor.require(Role.READER);
        return reader.datasets(namespace, limit, offset);
    }

    @GetMapping("/namespaces/{namespace}/datasets/{dataset}")
    Marquez.Dataset dataset(Actor actor, @PathVariable String namespace, @PathVariable String dataset) {
        actor.require(Role.READER);
        return reader.dataset(namespace, dataset);
    }

    @GetMapping("/namespaces/{namespace}/jobs")
    Marquez.JobList jobs(Actor actor, @PathVariable String namespace, @RequestParam(defaultValue = "100") int limit,
                         @RequestParam(defaultValue = "0") int offset) {
        actor.require(Role.READER);
        return reader.jobs(namespace, limit, offset);
    }

    @GetMapping("/namespaces/{namespace}/jobs/{job}")
    Marquez.Job job(Actor actor, @PathVariable String namespace, @PathVariable String job) {
        actor.require(Role.READER);
        return reader.job(namespace, job);
    }

    @GetMapping("/namespaces/{namespace}/jobs/{job}/runs")
    Marquez.RunList runs(Actor actor, @PathVariable String namespace, @PathVariable String job,
                         @RequestParam(defaultValue = "100") int limit, @RequestParam(defaultValue = "0") int offset) {
        actor.require(Role.READER);
        return reader.runs(namespace, job, limit, offset);
    }

    @GetMapping("/jobs/runs/{id}")
    Marquez.Run run(Actor actor, @PathVariable String id) {
        actor.require(Role.READER);
        return reader.run(id);
    }
}
