package io.cairn.lineage.web;

import io.cairn.lineage.read.marquez.Marquez;
import io.cairn.lineage.read.marquez.MarquezReader;
import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.Role;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Marquez's read API for namespaces, datasets, jobs and runs. Names are path segments as Marquez clients send them
 * (URL-encoded, so {@code s3://bucket} and {@code /marts/totals} arrive whole); lists page by {@code limit} and
 * {@code offset} with Marquez's default of 100.
 */
@RestController
@RequestMapping("/api/v1")
public class MarquezController {

    private final MarquezReader reader;

    public MarquezController(MarquezReader reader) {
        this.reader = reader;
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
