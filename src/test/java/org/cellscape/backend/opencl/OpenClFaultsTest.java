package org.cellscape.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.cellscape.CellscapeException;
import org.cellscape.engine.Backend;
import org.cellscape.backend.BackendOptions;
import org.cellscape.backend.BackendUnavailableException;
import org.cellscape.backend.Backends;
import org.junit.jupiter.api.Test;

/** Library lookup, device selection and the one-line errors (exit code 6). */
class OpenClFaultsTest {
    @Test
    void lookupTriesTheVersionedNameAndTheUsualFolders() {
        var c = OpenCl.candidates();
        assertTrue(c.contains("libOpenCL.so.1"), c.toString());
        assertTrue(c.contains("libOpenCL.so"), c.toString());
        assertEquals("libOpenCL.so.1", c.get(c.size() - 1), "bare names come last: " + c);
    }

    @Test
    void devicesCommandListsEveryBackendWithItsStatus() {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = org.cellscape.cli.Main.execute(new PrintWriter(out), new PrintWriter(err), "devices");
        assertEquals(0, code, err.toString());
        String text = out.toString();
        for (var p : Backends.providers())
            assertTrue(text.matches("(?s).*\\n  " + p.name() + " +(available|unavailable): .*"), "no status line for " + p.name() + ":\n" + text);
        try {
            ClDevice d = ClDevice.select(OpenClBackendProvider.devices(), null);
            assertTrue(text.contains(d.index() + "  " + d.name()) && text.contains("max allocation") && text.contains("constant buffer"), text);
        } catch (BackendUnavailableException e) {
            assertTrue(text.contains("opencl     unavailable: " + e.getMessage()), text);
        }
    }

    @Test
    void devicesCheckPassesOnThisDevice() {
        OpenClTestSupport.deviceOrSkip();
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = org.cellscape.cli.Main.execute(new PrintWriter(out), new PrintWriter(err), "devices", "--check");
        assertEquals(0, code, out + "\n" + err);
        assertTrue(out.toString().contains("comparisons bit-exact"), out.toString());
    }

    @Test
    void anUnknownDeviceIsAOneLineBackendError() {
        OpenClTestSupport.deviceOrSkip();
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> new OpenClBackendProvider().create(new BackendOptions(0, "no-such-device-xyz")));
        assertEquals(CellscapeException.BACKEND, e.exitCode());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().contains("no-such-device-xyz") && e.getMessage().contains("0:0"), e.getMessage());
    }

    @Test
    void devicesAreSelectedByIndexOrNameFragment() {
        ClDevice d = OpenClTestSupport.deviceOrSkip();
        var all = OpenClBackendProvider.devices();
        assertEquals(d, ClDevice.select(all, d.index()));
        assertEquals(d.index(), ClDevice.select(all, d.name().substring(0, Math.min(6, d.name().length())).toUpperCase()).index());
    }

    @Test
    void aBuildFailureQuotesTheBuildLog() {
        ClDevice d = OpenClTestSupport.deviceOrSkip();
        try (ClContext cl = new ClContext(d); ClPrograms programs = new ClPrograms(cl, Tuning.DEFAULT, false)) {
            BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                    () -> programs.build("__kernel void broken(__global float* x) { x[0] = undeclared_thing; }", "test"));
            assertEquals(CellscapeException.BACKEND, e.exitCode());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            assertTrue(e.getMessage().contains("undeclared_thing"), e.getMessage());
        }
    }

    @Test
    void autoPrefersAGpuAndLeavesCpuOnlyOpenClToTheCpuBackend() {
        ClDevice d = OpenClTestSupport.deviceOrSkip();
        OpenClBackendProvider p = new OpenClBackendProvider();
        boolean anyGpu = OpenClBackendProvider.devices().stream().anyMatch(ClDevice::isGpuLike);
        assertEquals(anyGpu, p.automatic());
        StringWriter notices = new StringWriter();
        try (Backend b = Backends.create("auto", BackendOptions.DEFAULT, new PrintWriter(notices))) {
            assertEquals(anyGpu, b instanceof OpenClBackend, b.describe());
        }
        try (Backend b = Backends.create("opencl", BackendOptions.DEFAULT, null)) {
            assertTrue(b.describe().contains(d.name()), b.describe());
        }
    }
}
