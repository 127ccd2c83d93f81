package org.cellscape.testing;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints, at the end of the run, every test that was skipped or aborted by an assumption and why (Surefire only
 * counts them; the reasons would otherwise be in the XML reports alone). Registered through META-INF/services.
 */
public final class SkipReasons implements TestExecutionListener {
    private final List<String> skipped = new ArrayList<>();
    /** The console as it was when the run started: Surefire redirects System.out per test. */
    private final PrintStream console = System.out;

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        skipped.add(name(test) + ": " + reason);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED)
            skipped.add(name(test) + ": " + result.getThrowable().map(Throwable::getMessage).orElse("aborted"));
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        if (skipped.isEmpty()) return;
        console.println("Skipped tests and why (" + skipped.size() + "):");
        for (String s : skipped) console.println("  " + s);
        console.flush();
    }

    private static String name(TestIdentifier t) {
        return t.getSource().filter(MethodSource.class::isInstance).map(MethodSource.class::cast)
                .map(m -> m.getClassName().replaceFirst("^org\\.cellscape\\.", "") + "." + m.getMethodName()).orElse(t.getDisplayName());
    }
}
