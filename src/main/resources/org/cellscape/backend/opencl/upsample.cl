// org.cellscape.engine.Upsample on the device. The host computes, per destination column and row, the source
// indices and the weight exactly as Upsample does (in double, rounded to float), so the kernel only lerps.
// Tables: cols = [left index | right index | weight bits] per column (dw each), rows likewise per row (dh each).
#pragma OPENCL FP_CONTRACT OFF

// a + t * (b - a) in float32, never fused (the pragma above forbids contraction).
float lerp32(float a, float b, float t) {
    return a + t * (b - a);
}

__kernel void upsample_cells(__global const float* restrict src, __global float* restrict dst,
                       __global const int* restrict cols, __global const int* restrict rows,
                       int sw, int dw, int dh, int C, int bilinear) {
    const int x = get_global_id(0), y = get_global_id(1);
    if (x >= dw || y >= dh) return;
    const int o = (y * dw + x) * C;
    const int r0 = rows[y] * sw, c0 = cols[x];
    if (!bilinear) {
        const int s = (r0 + c0) * C;
        for (int c = 0; c < C; c++) dst[o + c] = src[s + c];
        return;
    }
    const int r1 = rows[dh + y] * sw, c1 = cols[dw + x];
    const int a = (r0 + c0) * C, b = (r0 + c1) * C, d = (r1 + c0) * C, e = (r1 + c1) * C;
    const float tX = as_float(cols[2 * dw + x]), tY = as_float(rows[2 * dh + y]);
    for (int c = 0; c < C; c++)
        dst[o + c] = lerp32(lerp32(src[a + c], src[b + c], tX), lerp32(src[d + c], src[e + c], tX), tY);
}
