package io.cairn.metadata.governance;

import io.cairn.metadata.aspect.AspectValue;
import io.cairn.metadata.aspect.InvalidAspectException;
import java.util.List;
import java.util.regex.Pattern;

/** Free tags on a dataset or column. Tags are plain names (no entity of their own), so they need no lookup. */
public record Tags(List<String> tags) implements AspectValue {

    public static final int MAX_TAGS = 100;
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}_.:/-]{0,99}");

    public Tags {
        if (tags == null) {
            throw new InvalidAspectException("tags.tags is required");
        }
        if (tags.size() > MAX_TAGS) {
            throw new InvalidAspectException("more than " + MAX_TAGS + " tags");
        }
        for (String tag : tags) {
            if (tag == null || !NAME.matcher(tag).matches()) {
                throw new InvalidAspectException("tag '" + tag + "' is not a tag name: 1 to 100 letters, digits, '_', '.', ':', '/' or '-',"
                        + " starting with a letter or digit");
            }
        }
        tags = tags.stream().distinct().sorted().toList();
    }
}
