package org.cellscape.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ./cellscape launcher itself, in a copy of the project whose jar is a manifest pointing at the compiled classes
 * (so no build runs): no warning lines on stderr, errors and exit codes passed through.
 */
class LauncherTest {
    @TempDir
    Path project;

    @BeforeEach
    void copyLauncher() throws Exception {
        assumeTrue(RenderCommandTest.has("bash"), "bash not installed: the launcher's stderr filter needs it");
        Path here = Path.of("").toAbsolutePath();
        for (String f : new String[]{"cellscape", ".mvn/find-jdk.sh", ".mvn/quiet-jvm/bin/java"}) {
            Path to = project.resolve(f);
            Files.createDirectories(to.getParent());
            Files.copy(here.resolve(f), to, StandardCopyOption.COPY_ATTRIBUTES);
        }
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
        List<String> cp = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) cp.add(Path.of(e).toUri().toString());
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", cp));
        Files.createDirectories(project.resolve("target"));
        try (OutputStream o = Files.newOutputStream(project.resolve("target/cellscape.jar")); JarOutputStream j = new JarOutputStream(o, m)) {
            j.flush();
        }
    }

    record Run(int code, String out, String err) {}

    Run run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(project.resolve("cellscape").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(project.resolve("out.txt").toFile()).redirectError(project.resolve("err.txt").toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("CELLSCAPE_JAVA"); // as a user runs it: java from JAVA_HOME
        int code = pb.start().waitFor();
        return new Run(code, Files.readString(project.resolve("out.txt")), Files.readString(project.resolve("err.txt")));
    }

    @Test
    void helpPrintsNoWarningLines() throws Exception {
        for (String[] args : new String[][]{{"--help"}, {"render", "--help"}, {"plan", "--help"}, {"presets", "--help"}}) {
            Run r = run(args);
            assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err());
            assertEquals("", r.err(), String.join(" ", args));
            assertTrue(r.out().startsWith("Usage: cellscape"), r.out());
        }
    }

    @Test
    void errorsAndExitCodesPassThrough() throws Exception {
        Run r = run("models", "show", project.resolve("missing.safetensors").toString());
        assertEquals(3, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("cellscape: ") && r.err().contains("missing.safetensors"), r.err());
        assertEquals(2, run("render", "--no-such-option").code());
    }
}
