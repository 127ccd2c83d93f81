package org.cellscape;

/** The version from the jar manifest (or "0.1.0-dev" when run from classes). */
public final class Version {
    private Version() {}

    public static String get() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-dev" : v;
    }

    /** What {@code --version} prints. */
    public static String[] lines() {
        return new String[]{"Cellscape " + get(), "Java " + Runtime.version() + " on " + System.getProperty("os.name") + " " + System.getProperty("os.arch")};
    }
}
