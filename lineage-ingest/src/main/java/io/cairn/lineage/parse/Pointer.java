package io.cairn.lineage.parse;

/** An RFC 6901 JSON pointer being built while walking an event. */
record Pointer(String text) {

    static final Pointer ROOT = new Pointer("");

    Pointer at(String key) {
        return new Pointer(text + "/" + key.replace("~", "~0").replace("/", "~1"));
    }

    Pointer at(int index) {
        return new Pointer(text + "/" + index);
    }

    @Override
    public String toString() {
        return text.isEmpty() ? "/" : text;
    }
}
