package io.cairn.lineage.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Dead-letter records: the original key, value and headers unchanged, plus headers that say why the record was
 * refused and where it came from, so an operator can fix and replay it.
 */
public final class DeadLetters {

    public static final String ERROR = "cairn.error";
    public static final String ERROR_STAGE = "cairn.error.stage";
    public static final String ORIGINAL_TOPIC = "cairn.original.topic";
    public static final String ORIGINAL_PARTITION = "cairn.original.partition";
    public static final String ORIGINAL_OFFSET = "cairn.original.offset";

    /** Kafka headers have no size limit of their own, but the record does; a reason this long says enough. */
    private static final int MAX_ERROR_CHARS = 8_000;

    /** Why a record was refused: it could not be parsed, or the graph write refused it alone. */
    public enum Stage { PARSE, WRITE }

    private DeadLetters() {
    }

    public static ProducerRecord<byte[], byte[]> of(String deadLetterTopic, ConsumerRecord<byte[], byte[]> original, Stage stage,
                                                    String error) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : original.headers()) {
            headers.add(header);
        }
        String reason = error == null ? "unknown error" : error;
        if (reason.length() > MAX_ERROR_CHARS) {
            reason = reason.substring(0, MAX_ERROR_CHARS) + "...";
        }
        headers.add(ERROR, utf8(reason));
        headers.add(ERROR_STAGE, utf8(stage.name()));
        headers.add(ORIGINAL_TOPIC, utf8(original.topic()));
        headers.add(ORIGINAL_PARTITION, utf8(Integer.toString(original.partition())));
        headers.add(ORIGINAL_OFFSET, utf8(Long.toString(original.offset())));
        return new ProducerRecord<>(deadLetterTopic, null, original.key(), original.value(), headers);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
