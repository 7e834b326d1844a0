package io.cairn.embedded.esnode;

import java.util.Map;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.pattern.PatternTokenizer;
import org.elasticsearch.common.regex.Regex;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;

/**
 * The {@code pattern} tokenizer, with the settings of the real one ({@code pattern}, {@code flags}, {@code group}).
 *
 * <p>A full Elasticsearch distribution ships it in the {@code analysis-common} module, which is not published to
 * Maven Central, so the embedded node would otherwise reject index definitions that every real cluster accepts.
 * Lucene's own {@link PatternTokenizer} does the work, exactly as in {@code analysis-common}.
 */
public final class PatternTokenizerPlugin extends Plugin implements AnalysisPlugin {

    @Override
    public Map<String, AnalysisProvider<TokenizerFactory>> getTokenizers() {
        return Map.of("pattern", AnalysisPlugin.requiresAnalysisSettings((indexSettings, environment, name, settings) -> {
            String source = settings.get("pattern", "\\W+");
            Pattern pattern = Regex.compile(source, settings.get("flags"));
            int group = settings.getAsInt("group", -1);
            return TokenizerFactory.newFactory(name, () -> new PatternTokenizer(pattern, group));
        }));
    }
}
