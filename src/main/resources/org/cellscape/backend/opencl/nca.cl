// One NCA step, exactly org.cellscape.engine.ReferenceStep (see docs/nca-step.md and docs/opencl-backend.md).
// KernelSource prepends the model's shape as #defines and replaces the PERCEIVE marker with the unrolled,
// zero-skipping perception. No operation may be contracted or reordered: every multiply-add is an explicit fma().
#pragma OPENCL FP_CONTRACT OFF

// Defined by KernelSource: C, K, NIN (= C*K), IN (w1 row stride), HID, W1_OFF, B1_OFF, W2T_OFF, B2_OFF, WSPACE,
// and CLIP_P / CLIP_H / CLIP_U / CLIP_S where the model clips; NCTL (= R) when the tile has control inputs: R floats
// a cell in the buffer ctl, row-aligned with the tile, whose row for window row y is (y + ctlRow0) % ctlH.
#ifdef NCTL
#define CTL_ARGS , __global const float* restrict ctl, int ctlRow0, int ctlH
#define CTL_PARAM , __global const float* restrict cv
#define CTL_CELL(x, y) , ctl + (((y) + ctlRow0) % ctlH * W + (x)) * NCTL
#else
#define CTL_ARGS
#define CTL_PARAM
#define CTL_CELL(x, y)
#endif

// Java's Math.max / Math.min for float: NaN wins, and +0 > -0 (fmax/fmin differ on both).
float jmax(float a, float b) {
    if (a != a) return a;
    if (a == 0.0f && b == 0.0f && as_uint(a) == 0x80000000u) return b;
    return a >= b ? a : b;
}

float jmin(float a, float b) {
    if (a != a) return a;
    if (a == 0.0f && b == 0.0f && as_uint(b) == 0x80000000u) return b;
    return a <= b ? a : b;
}

#ifdef CLIP_P
#define CLIP_PERC(v) jmin(jmax((v), -CLIP_P), CLIP_P)
#else
#define CLIP_PERC(v) (v)
#endif
#ifdef CLIP_H
#define CLIP_HID(v) jmin(jmax((v), 0.0f), CLIP_H)
#else
#define CLIP_HID(v) jmax((v), 0.0f)
#endif
#ifdef CLIP_U
#define CLIP_UPD(v) jmin(jmax((v), -CLIP_U), CLIP_U)
#else
#define CLIP_UPD(v) (v)
#endif
#ifdef CLIP_S
#define CLIP_STATE(v) jmin(jmax((v), -CLIP_S), CLIP_S)
#else
#define CLIP_STATE(v) (v)
#endif

// org.cellscape.engine.Rng: SplitMix64 finaliser, 64-bit wrapping arithmetic.
#define GOLDEN 0x9E3779B97F4A7C15UL
ulong mix64(ulong z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
    return z ^ (z >> 31);
}

// Global coordinate of buffer column x / row y: origin + index, modulo the canvas (index < 2^31).
ulong wrapg(ulong origin, int i, ulong canvas) {
    ulong g = origin + (ulong) i;
    return g >= canvas ? g % canvas : g;
}

// Rng.rowKey = M(stepKey + (y+1)*G), Rng.cellBits = M(rowKey + (x+1)*G), u24 = cellBits >>> 40 (stepKey: host).
bool fires(int x, int y, ulong ox, ulong oy, ulong cw, ulong ch, ulong stepKey, uint threshold) {
    ulong rowKey = mix64(stepKey + (wrapg(oy, y, ch) + 1) * GOLDEN);
    return (uint) (mix64(rowKey + (wrapg(ox, x, cw) + 1) * GOLDEN) >> 40) < threshold;
}

void copy_cell(__global const float* restrict src, __global float* restrict dst, int self) {
    #pragma unroll
    for (int c = 0; c < C; c++) dst[self + c] = src[self + c];
}

// One firing cell: perception, hidden layer, update; neighbours wrap inside the W x H buffer.
void nca_cell(__global const float* restrict src, __global float* restrict dst, WSPACE const float* restrict w,
                     int x, int y, int W, int H CTL_PARAM) {
    const int xm = (x == 0 ? W : x) - 1, xp = x + 1 == W ? 0 : x + 1;
    const int ym = (y == 0 ? H : y) - 1, yp = y + 1 == H ? 0 : y + 1;
    const int rm = ym * W, r0 = y * W, rp = yp * W;
    const int n0 = (rm + xm) * C, n1 = (rm + x) * C, n2 = (rm + xp) * C;
    const int n3 = (r0 + xm) * C, n4 = (r0 + x) * C, n5 = (r0 + xp) * C;
    const int n6 = (rp + xm) * C, n7 = (rp + x) * C, n8 = (rp + xp) * C;
    float p[NIN];
    /*PERCEIVE*/
#ifdef NCTL
    float q[NCTL];
    #pragma unroll
    for (int r = 0; r < NCTL; r++) q[r] = cv[r];
#endif
    float u[C];
    #pragma unroll
    for (int c = 0; c < C; c++) u[c] = w[B2_OFF + c];
    /*UNROLL_HIDDEN*/
    for (int j = 0; j < HID; j++) {
        float acc = w[B1_OFF + j];
        #pragma unroll
        for (int i = 0; i < NIN; i++) acc = fma(p[i], w[W1_OFF + j * IN + i], acc);
#ifdef NCTL
        #pragma unroll
        for (int r = 0; r < NCTL; r++) acc = fma(q[r], w[W1_OFF + j * IN + NIN + r], acc);
#endif
        const float h = CLIP_HID(acc);
        #pragma unroll
        for (int c = 0; c < C; c++) u[c] = fma(h, w[W2T_OFF + j * C + c], u[c]);
    }
    #pragma unroll
    for (int c = 0; c < C; c++) dst[n4 + c] = CLIP_STATE(src[n4 + c] + CLIP_UPD(u[c]));
}

// One work-item per cell of the region [x0, x0+rw) x [y0, y0+rh); non-firing cells are copied.
__kernel void step_direct(__global const float* restrict src, __global float* restrict dst, WSPACE const float* restrict w,
                          int W, int H, int x0, int y0, int rw, int rh,
                          ulong ox, ulong oy, ulong cw, ulong ch, ulong stepKey, uint threshold CTL_ARGS) {
    const int id = get_global_id(0);
    if (id >= rw * rh) return;
    const int x = x0 + id % rw, y = y0 + id / rw;
    if (fires(x, y, ox, oy, cw, ch, stepKey, threshold)) nca_cell(src, dst, w, x, y, W, H CTL_CELL(x, y));
    else copy_cell(src, dst, (y * W + x) * C);
}

// Each work-group takes CPI cells per work-item, copies the non-firing ones, lists the firing ones in local
// memory and then shares them out, so a SIMD group does not idle on cells that do not fire.
__kernel void step_compact(__global const float* restrict src, __global float* restrict dst, WSPACE const float* restrict w,
                           int W, int H, int x0, int y0, int rw, int rh,
                           ulong ox, ulong oy, ulong cw, ulong ch, ulong stepKey, uint threshold,
                           __local int* list CTL_ARGS) {
    __local int count;
    const int lid = get_local_id(0), wg = get_local_size(0), n = rw * rh;
    if (lid == 0) count = 0;
    barrier(CLK_LOCAL_MEM_FENCE);
    const int base = get_group_id(0) * wg * CPI;
    for (int i = 0; i < CPI; i++) {
        const int id = base + i * wg + lid;
        if (id < n) {
            const int x = x0 + id % rw, y = y0 + id / rw;
            if (fires(x, y, ox, oy, cw, ch, stepKey, threshold)) list[atomic_inc(&count)] = id;
            else copy_cell(src, dst, (y * W + x) * C);
        }
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    const int m = count;
    for (int j = lid; j < m; j += wg) {
        const int id = list[j];
        const int x = x0 + id % rw, y = y0 + id / rw;
        nca_cell(src, dst, w, x, y, W, H CTL_CELL(x, y));
    }
}
