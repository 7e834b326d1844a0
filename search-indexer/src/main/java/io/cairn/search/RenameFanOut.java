package io.cairn.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.metadata.changelog.ChangeEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Dataset documents show the names of their glossary terms and domain, and term or domain documents the path of
 * their ancestors. When a term or domain is renamed or moved, every document that shows it is rebuilt, page by page
 * ({@link #PAGE} entities a read, one bulk write a page), with the rename's sequence number as version: a document
 * already written from a later change read the new name anyway, so the version check keeps that one.
 */
final class RenameFanOut {

    static final int PAGE = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DocumentSource source;
    private final DocumentWriter writer;

    RenameFanOut(DocumentSource source, DocumentWriter writer) {
        this.source = source;
        this.writer = writer;
    }

    /** A change of a term's or domain's name or parent (a summary that cannot be compared counts as a change). */
    static boolean isRename(ChangeEvent event) {
        if (!event.aspect().equals("glossaryTermInfo") && !event.aspect().equals("domainInfo")) {
            return false;
        }
        if (event.before() == null) {
            return false; // A new term or domain: nothing can show its name yet.
        }
        try {
            JsonNode before = JSON.readTree(event.before());
            JsonNode after = JSON.readTree(event.after());
            return !Objects.equals(before.path("name").asText(null), after.path("name").asText(null))
                    || !Objects.equals(before.path("parent").asText(null), after.path("parent").asText(null));
        } catch (IOException | RuntimeException truncatedOrMissing) {
            return true;
        }
    }

    /** Rewrites every document that shows {@code renamed}'s name; returns how many documents were written. */
    int refresh(String renamed, long seq) {
        int written = 0;
        String after = null;
        while (true) {
            List<String> page = source.showingNameOf(renamed, after, PAGE);
            if (page.isEmpty()) {
                return written;
            }
            Set<String> targets = new LinkedHashSet<>();
            page.forEach(urn -> Targets.of(urn).ifPresent(targets::add));
            List<DocumentWriter.Versioned> documents = new ArrayList<>(targets.size());
            source.loadAll(List.copyOf(targets)).values().forEach(doc -> documents.add(new DocumentWriter.Versioned(doc, seq)));
            written += writer.write(documents, true).written();
            after = page.get(page.size() - 1);
        }
    }
}
