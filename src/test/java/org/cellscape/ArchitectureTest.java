package org.cellscape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layering of docs/architecture.md, checked against the imports of src/main: a package uses only packages on
 * lower floors (its own room's subpackages aside), and the package graph has no cycle.
 */
class ArchitectureTest {
    /** Floor of each room (the first name under org.cellscape; "" is the root package). Keep in step with docs/architecture.md. */
    static final Map<String, Integer> FLOORS = Map.ofEntries(
            Map.entry("", 0),
            Map.entry("image", 1),
            Map.entry("model", 2), Map.entry("zoom", 2),
            Map.entry("engine", 3), Map.entry("nets", 3),
            Map.entry("backend", 4), Map.entry("canvas", 4),
            Map.entry("render", 5), Map.entry("train", 5), Map.entry("preview", 5),
            Map.entry("preset", 6),
            Map.entry("batch", 7), Map.entry("tune", 7), Map.entry("gallery", 7), Map.entry("video", 7),
            Map.entry("cli", 8),
            Map.entry("spark", 8));

    static final Path MAIN = Path.of("src/main/java/org/cellscape");
    static final Pattern USE = Pattern.compile("\\borg\\.cellscape\\.((?:[a-z]\\w*\\.)*)[A-Z]");

    /** Package (dotted, relative to org.cellscape) to the packages its files name. */
    static Map<String, Set<String>> graph() throws IOException {
        Map<String, Set<String>> g = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = MAIN.relativize(f.getParent()).toString().replace('/', '.');
                Set<String> uses = g.computeIfAbsent(pkg, k -> new TreeSet<>());
                String text = Files.readString(f).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
                Matcher m = USE.matcher(text);
                while (m.find()) {
                    String used = m.group(1).isEmpty() ? "" : m.group(1).substring(0, m.group(1).length() - 1);
                    if (!used.equals(pkg)) uses.add(used);
                }
            }
        }
        return g;
    }

    static String room(String pkg) {
        int dot = pkg.indexOf('.');
        return dot < 0 ? pkg : pkg.substring(0, dot);
    }

    @Test
    void everyPackageUsesOnlyLowerFloors() throws IOException {
        List<String> wrong = new ArrayList<>();
        for (var e : graph().entrySet()) {
            Integer floor = FLOORS.get(room(e.getKey()));
            assertTrue(floor != null, "package " + e.getKey() + " has no floor in docs/architecture.md");
            for (String used : e.getValue()) {
                if (room(used).equals(room(e.getKey()))) continue; // inside one room, e.g. backend.cpu -> backend
                Integer other = FLOORS.get(room(used));
                if (other == null || other >= floor) wrong.add(e.getKey() + " (floor " + floor + ") -> " + used + " (floor " + other + ")");
            }
        }
        assertEquals(List.of(), wrong, "imports that run up or across the floors");
    }

    /** Spark lives in its own jar: only the spark package may name it (or the Hadoop and Scala it brings). */
    @Test
    void onlyTheSparkPackageUsesSpark() throws IOException {
        Pattern spark = Pattern.compile("\\b(org\\.apache\\.(spark|hadoop)|scala)\\.[A-Za-z]");
        List<String> wrong = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (room(MAIN.relativize(f.getParent()).toString().replace('/', '.')).equals("spark")) continue;
                String text = Files.readString(f).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
                if (spark.matcher(text).find()) wrong.add(MAIN.relativize(f).toString());
            }
        }
        assertEquals(List.of(), wrong, "files outside org.cellscape.spark that use Spark, Hadoop or Scala");
    }

    @Test
    void thePackageGraphHasNoCycle() throws IOException {
        Map<String, Set<String>> g = graph();
        List<String> cycles = new ArrayList<>();
        Map<String, Integer> state = new TreeMap<>();
        for (String p : g.keySet()) visit(p, g, state, new ArrayList<>(), cycles);
        assertEquals(List.of(), cycles);
    }

    private static void visit(String p, Map<String, Set<String>> g, Map<String, Integer> state, List<String> path, List<String> cycles) {
        Integer s = state.get(p);
        if (s != null && s == 2) return;
        if (s != null && s == 1) {
            cycles.add(String.join(" -> ", path.subList(path.indexOf(p), path.size())) + " -> " + p);
            return;
        }
        state.put(p, 1);
        path.add(p);
        for (String q : g.getOrDefault(p, Set.of())) visit(q, g, state, path, cycles);
        path.removeLast();
        state.put(p, 2);
    }

    @Test
    void theTestFindsWhatItShouldFind() {
        // the checker itself: an upward arrow and a cycle are reported
        Matcher m = USE.matcher("import org.cellscape.cli.Main; x = org.cellscape.CellscapeException.USAGE; org.cellscape.backend.cpu.CpuBackend");
        List<String> found = new ArrayList<>();
        while (m.find()) found.add(m.group(1));
        assertEquals(List.of("cli.", "", "backend.cpu."), found);
        Map<String, Set<String>> g = Map.of("a", Set.of("b"), "b", Set.of("a"));
        List<String> cycles = new ArrayList<>();
        visit("a", g, new TreeMap<>(), new ArrayList<>(), cycles);
        assertEquals(List.of("a -> b -> a"), cycles);
    }
}
