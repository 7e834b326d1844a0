package org.elasticsearch.plugins;

import org.elasticsearch.Build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A {@link PluginsLoader} for Elasticsearch modules whose classes are already on the node's own class path
 * (Cairn's isolated class loader), instead of unpacked under {@code $ES_HOME/modules/<name>/} with a class
 * loader and module layer each.
 *
 * <p>It lives in {@code org.elasticsearch.plugins} because the constructors of {@link PluginsLoader} and
 * {@link PluginBundle} are package-private; at run time it is loaded by the same class loader as the
 * Elasticsearch server jar, so the package is the same run-time package. This is the one place where Cairn
 * relies on Elasticsearch internals, and why the Elasticsearch version is pinned.
 */
public final class ClassPathModulesLoader extends PluginsLoader {

    /** One module: its name (as in a real distribution, e.g. {@code transport-netty4}) and its entry-point class. */
    public record ClassPathModule(String name, Class<? extends Plugin> pluginClass) {}

    private record ClassPathLayer(PluginBundle pluginBundle, ClassLoader pluginClassLoader) implements PluginLayer {
        @Override
        public ModuleLayer pluginModuleLayer() {
            // non-modular, like any class-path plugin
            return ModuleLayer.boot();
        }
    }

    private final List<PluginLayer> layers;

    private ClassPathModulesLoader(Set<PluginBundle> bundles, List<PluginLayer> layers) {
        super(bundles, Set.of(), Map.of());
        this.layers = List.copyOf(layers);
    }

    /**
     * @param modules the modules, in load order
     * @param bundleDir a directory to report as the modules' home (it is only listed for {@code *.jar})
     */
    public static PluginsLoader of(List<ClassPathModule> modules, Path bundleDir) {
        Set<PluginBundle> bundles = new LinkedHashSet<>();
        List<PluginLayer> layers = new ArrayList<>();
        String esVersion = Build.current().version();
        for (ClassPathModule module : modules) {
            PluginDescriptor descriptor = new PluginDescriptor(
                module.name(),
                "class-path module " + module.name() + " (Cairn embedded node)",
                esVersion,
                esVersion,
                Integer.toString(Runtime.version().feature()),
                module.pluginClass().getName(),
                null,
                List.of(),
                false,
                false,
                false,
                false
            );
            PluginBundle bundle;
            try {
                bundle = new PluginBundle(descriptor, bundleDir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            bundles.add(bundle);
            // PluginsService insists that the plugin class comes from exactly this loader
            layers.add(new ClassPathLayer(bundle, module.pluginClass().getClassLoader()));
        }
        return new ClassPathModulesLoader(bundles, layers);
    }

    @Override
    public Stream<PluginLayer> pluginLayers() {
        return layers.stream();
    }
}
