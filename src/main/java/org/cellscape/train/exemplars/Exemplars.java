package org.cellscape.train.exemplars;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.SplittableRandom;
import org.cellscape.train.Exemplar;

/**
 * Procedural texture exemplars, deterministic for a (name, size, seed), tileable (everything is computed on a torus),
 * made here so the project may ship them and the models trained on them. Run
 * {@code java ... org.cellscape.train.exemplars.Exemplars OUTDIR} to write them all as PNG.
 */
public final class Exemplars {
    public static final List<String> NAMES = List.of("cells", "cracks", "scales", "lichen", "marble", "spots", "stripes", "coral");

    private Exemplars() {}

    public static Exemplar generate(String name, int size, long seed) {
        return Exemplar.of(name, image(name, size, seed));
    }

    public static BufferedImage image(String name, int size, long seed) {
        double[][] rgb = switch (name) {
            case "cells" -> cells(size, seed);
            case "cracks" -> cracks(size, seed);
            case "scales" -> scales(size, seed);
            case "lichen" -> lichen(size, seed);
            case "marble" -> marble(size, seed);
            case "spots" -> grayScott(size, seed, 0.0367, 0.0649, new int[]{0x2a1a3a, 0x7a3b6e, 0xf2c14e});
            case "stripes" -> grayScott(size, seed, 0.029, 0.057, new int[]{0x10263a, 0x2f8f9d, 0xe8f1d2});
            case "coral" -> grayScott(size, seed, 0.0545, 0.062, new int[]{0x0b3041, 0xe0684b, 0xffd9a8});
            default -> throw new IllegalArgumentException("unknown exemplar '" + name + "' (known: " + String.join(", ", NAMES) + ")");
        };
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++) {
                double[] c = rgb[y * size + x];
                int v = 0;
                for (int k = 0; k < 3; k++) v = v << 8 | (int) Math.round(255 * Math.max(0, Math.min(1, c[k])));
                img.setRGB(x, y, v);
            }
        return img;
    }

    // ---------- helpers ----------

    /** Periodic value noise with period p lattice cells over the image of side size (smoothstep-interpolated). */
    static final class Noise {
        final double[] lattice;
        final int p;

        Noise(int p, SplittableRandom r) {
            this.p = p;
            lattice = new double[p * p];
            for (int i = 0; i < lattice.length; i++) lattice[i] = r.nextDouble();
        }

        double at(double u, double v) { // u, v in lattice units
            int x0 = (int) Math.floor(u), y0 = (int) Math.floor(v);
            double fx = u - x0, fy = v - y0;
            fx = fx * fx * (3 - 2 * fx);
            fy = fy * fy * (3 - 2 * fy);
            double a = get(x0, y0), b = get(x0 + 1, y0), c = get(x0, y0 + 1), d = get(x0 + 1, y0 + 1);
            return (a + (b - a) * fx) * (1 - fy) + (c + (d - c) * fx) * fy;
        }

        double get(int x, int y) {
            return lattice[Math.floorMod(y, p) * p + Math.floorMod(x, p)];
        }
    }

    /** Fractal noise in [0, 1], periodic on the size x size torus; base = lattice cells across the image. */
    static double[] fbm(int size, int base, int octaves, SplittableRandom r) {
        double[] out = new double[size * size];
        double amp = 1, total = 0;
        for (int o = 0; o < octaves; o++) {
            int p = base << o;
            Noise n = new Noise(p, r);
            for (int y = 0; y < size; y++)
                for (int x = 0; x < size; x++) out[y * size + x] += amp * n.at(x * p / (double) size, y * p / (double) size);
            total += amp;
            amp *= 0.5;
        }
        for (int i = 0; i < out.length; i++) out[i] /= total;
        return out;
    }

    static double[] hex(int c) {
        return new double[]{(c >> 16 & 255) / 255.0, (c >> 8 & 255) / 255.0, (c & 255) / 255.0};
    }

    static double[] mix(double[] a, double[] b, double t) {
        t = Math.max(0, Math.min(1, t));
        return new double[]{a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t};
    }

    static double[] scale(double[] a, double s) {
        return new double[]{a[0] * s, a[1] * s, a[2] * s};
    }

    /** Colour ramp through stops at equal spacing. */
    static double[] ramp(int[] stops, double t) {
        t = Math.max(0, Math.min(1, t)) * (stops.length - 1);
        int i = Math.min(stops.length - 2, (int) t);
        return mix(hex(stops[i]), hex(stops[i + 1]), t - i);
    }

    /** Jittered points on the torus: one per cell of an n x n grid. */
    static double[][] points(int n, int size, SplittableRandom r, double jitter) {
        double[][] p = new double[n * n][];
        double cell = size / (double) n;
        for (int j = 0; j < n; j++)
            for (int i = 0; i < n; i++)
                p[j * n + i] = new double[]{(i + 0.5 + jitter * (r.nextDouble() - 0.5)) * cell, (j + 0.5 + jitter * (r.nextDouble() - 0.5)) * cell};
        return p;
    }

    /** Nearest and second-nearest torus distances and the nearest point's index. */
    static double[] voronoi(double x, double y, double[][] pts, int size) {
        double d1 = Double.MAX_VALUE, d2 = Double.MAX_VALUE;
        int best = 0;
        for (int i = 0; i < pts.length; i++) {
            double dx = Math.abs(x - pts[i][0]), dy = Math.abs(y - pts[i][1]);
            dx = Math.min(dx, size - dx);
            dy = Math.min(dy, size - dy);
            double d = Math.sqrt(dx * dx + dy * dy);
            if (d < d1) { d2 = d1; d1 = d; best = i; }
            else if (d < d2) d2 = d;
        }
        return new double[]{d1, d2, best};
    }

    // ---------- textures ----------

    /** Plant-tissue cells: Voronoi cells in greens and yellows with dark walls and lit centres. */
    static double[][] cells(int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed * 31 + 1);
        double[][] pts = points(8, size, r, 0.9);
        double[] tint = new double[pts.length];
        for (int i = 0; i < tint.length; i++) tint[i] = r.nextDouble();
        double[] n = fbm(size, 8, 3, r);
        double[][] out = new double[size * size][];
        int[] pal = {0x2e6b1f, 0x6fae2b, 0xc9d94a};
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++) {
                double[] v = voronoi(x + 0.5, y + 0.5, pts, size);
                double edge = v[1] - v[0];
                double[] c = ramp(pal, 0.25 + 0.6 * tint[(int) v[2]] + 0.2 * (n[y * size + x] - 0.5));
                c = scale(c, 1.15 - 0.35 * Math.min(1, v[0] / (size / 8.0)));
                double wall = Math.min(1, edge / 2.2);
                out[y * size + x] = mix(hex(0x15230f), c, wall * wall);
            }
        return out;
    }

    /** Dried mud: warped Voronoi plates in tans, thin dark cracks, a little grain. */
    static double[][] cracks(int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed * 31 + 2);
        double[][] pts = points(6, size, r, 0.8);
        double[] wx = fbm(size, 4, 3, r), wy = fbm(size, 4, 3, r), grain = fbm(size, 32, 2, r), shade = fbm(size, 4, 2, r);
        double[][] out = new double[size * size][];
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++) {
                int i = y * size + x;
                double[] v = voronoi(x + 0.5 + 10 * (wx[i] - 0.5), y + 0.5 + 10 * (wy[i] - 0.5), pts, size);
                double edge = v[1] - v[0];
                double[] c = mix(hex(0xa47a4e), hex(0xd9b98a), 0.3 + 0.7 * shade[i] + 0.25 * (grain[i] - 0.5));
                c = scale(c, 0.85 + 0.15 * Math.min(1, v[0] / 6));
                double crack = Math.min(1, Math.max(0, (edge - 0.8) / 1.6));
                out[i] = mix(hex(0x2b1a10), c, crack);
            }
        return out;
    }

    /** Reptile scales: offset rows of rounded scales, shaded bottom to top, with dark rims. */
    static double[][] scales(int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed * 31 + 3);
        int rows = 8, cols = 8;
        double ch = size / (double) rows, cw = size / (double) cols;
        double[] tint = new double[rows * cols];
        for (int i = 0; i < tint.length; i++) tint[i] = r.nextDouble();
        double[] n = fbm(size, 8, 2, r);
        int[] pal = {0x1d4d3a, 0x3f8f5a, 0xb9c96b};
        double[][] out = new double[size * size][];
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++) {
                // a pixel belongs to the lowest scale (of this row or the next, offset by half) that covers it
                double best = -1, bd = 0;
                int bi = 0;
                for (int k = 0; k < 3; k++) {
                    int row = (int) Math.floor(y / ch) + k - 1;
                    double off = (Math.floorMod(row, 2)) * cw / 2;
                    int col = (int) Math.floor((x - off) / cw);
                    for (int dc = -1; dc <= 1; dc++) {
                        double cx = (col + dc + 0.5) * cw + off, cy = (row + 0.2) * ch;
                        double dx = x + 0.5 - cx, dy = y + 0.5 - cy;
                        double d = Math.sqrt(dx * dx / (cw * cw * 0.36) + dy * dy / (ch * ch * 0.8));
                        if (d < 1 && cy > best) {
                            best = cy;
                            bd = d;
                            bi = Math.floorMod(row, rows) * cols + Math.floorMod(col + dc, cols);
                        }
                    }
                }
                double[] c = ramp(pal, 0.35 + 0.45 * tint[bi] + 0.2 * (n[y * size + x] - 0.5));
                double lit = 1.1 - 0.6 * bd * bd;
                c = scale(c, lit);
                double rim = Math.min(1, (1 - bd) / 0.18);
                out[y * size + x] = best < 0 ? hex(0x0e2119) : mix(hex(0x0e2119), c, rim);
            }
        return out;
    }

    /** Lichen on bark: blotchy thresholded growth with bright rims over dark grain. */
    static double[][] lichen(int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed * 31 + 4);
        double[] g = fbm(size, 8, 3, r), bark = fbm(size, 16, 2, r), spots = fbm(size, 16, 2, r);
        double[][] out = new double[size * size][];
        for (int i = 0; i < out.length; i++) {
            double[] base = mix(hex(0x2a2622), hex(0x4a4038), bark[i]);
            double t = (g[i] - 0.48) / 0.06;
            double[] l = mix(hex(0x8fa06a), hex(0xc8d49a), spots[i]);
            if (t > 0) {
                double rim = Math.exp(-t * 1.2);
                l = mix(l, hex(0xe3e8b8), rim);
                out[i] = mix(base, l, Math.min(1, t * 2));
            } else {
                out[i] = mix(base, hex(0xd89a3a), spots[i] > 0.68 ? 0.8 : 0); // orange fruiting dots
            }
        }
        return out;
    }

    /** Marble: warm white with turbulent grey-green veins. */
    static double[][] marble(int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed * 31 + 5);
        double[] t = fbm(size, 4, 5, r), t2 = fbm(size, 8, 3, r);
        double[][] out = new double[size * size][];
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++) {
                int i = y * size + x;
                double ph = 2 * Math.PI * (2.0 * (x + y) / size) + 9 * t[i];
                double v = Math.abs(Math.sin(ph));
                double vein = Math.pow(1 - v, 6);
                double fine = Math.pow(1 - Math.abs(Math.sin(2 * Math.PI * 3.0 * x / size + 12 * t2[i])), 14);
                double[] c = mix(hex(0xf1ebe0), hex(0xd7cfc0), t2[i]);
                c = mix(c, hex(0x4d5a52), vein * 0.9);
                out[i] = mix(c, hex(0x8a8f86), fine * 0.5);
            }
        return out;
    }

    /** Gray-Scott reaction-diffusion on the torus from random seeds, coloured through a 3-stop ramp of v. */
    static double[][] grayScott(int size, long seed, double F, double k, int[] pal) {
        SplittableRandom r = new SplittableRandom(seed * 31 + (long) (F * 1e5));
        int n = size * size;
        double[] u = new double[n], v = new double[n], u2 = new double[n], v2 = new double[n];
        java.util.Arrays.fill(u, 1);
        for (int s = 0; s < size * size / 120; s++) {
            int cx = r.nextInt(size), cy = r.nextInt(size);
            for (int dy = -2; dy <= 2; dy++)
                for (int dx = -2; dx <= 2; dx++) {
                    int i = Math.floorMod(cy + dy, size) * size + Math.floorMod(cx + dx, size);
                    u[i] = 0.5;
                    v[i] = 0.25;
                }
        }
        double du = 0.2, dv = 0.1; // diffusion at a 2x finer scale than the unit-grid classic, for larger features
        for (int it = 0; it < 12000; it++) {
            for (int y = 0; y < size; y++) {
                int ym = Math.floorMod(y - 1, size) * size, yp = (y + 1) % size * size, yc = y * size;
                for (int x = 0; x < size; x++) {
                    int xm = Math.floorMod(x - 1, size), xp = (x + 1) % size, i = yc + x;
                    double lu = u[ym + x] + u[yp + x] + u[yc + xm] + u[yc + xp] - 4 * u[i];
                    double lv = v[ym + x] + v[yp + x] + v[yc + xm] + v[yc + xp] - 4 * v[i];
                    double uvv = u[i] * v[i] * v[i];
                    u2[i] = u[i] + du * lu - uvv + F * (1 - u[i]);
                    v2[i] = v[i] + dv * lv + uvv - (F + k) * v[i];
                }
            }
            double[] t = u; u = u2; u2 = t;
            t = v; v = v2; v2 = t;
        }
        double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
        for (double x : v) { lo = Math.min(lo, x); hi = Math.max(hi, x); }
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) out[i] = ramp(pal, (v[i] - lo) / Math.max(1e-9, hi - lo));
        return out;
    }

    /** Writes every exemplar as OUTDIR/NAME.png (size 128, seed 1 unless given). */
    public static void main(String[] args) throws Exception {
        java.nio.file.Path dir = java.nio.file.Path.of(args.length > 0 ? args[0] : "presets/models/exemplars");
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 128;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
        java.nio.file.Files.createDirectories(dir);
        for (String name : NAMES) {
            javax.imageio.ImageIO.write(image(name, size, seed), "png", dir.resolve(name + ".png").toFile());
            System.out.println("wrote " + dir.resolve(name + ".png"));
        }
    }
}
