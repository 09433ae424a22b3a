/* pngdiff: share of pixels that differ between two PNGs of the same size.
 * Used by bench/run to check that the rasterised SVG (rsvg-convert) matches
 * the PNG terrimap wrote directly.  A pixel "differs" when any channel differs
 * by more than the threshold (anti-aliasing along edges gives small deltas
 * that are not a drawing difference).
 * Usage: pngdiff A.png B.png [threshold 0-255, default 32]
 * Prints: "differing=N total=M pct=P exact_differing=E"; exit 0, or 2 on error. */
#include <cairo.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static int channel_delta(uint32_t a, uint32_t b, int shift)
{
    return abs((int)((a >> shift) & 0xff) - (int)((b >> shift) & 0xff));
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s A.png B.png [threshold]\n", argv[0]);
        return 2;
    }
    int threshold = argc > 3 ? atoi(argv[3]) : 32;
    cairo_surface_t *a = cairo_image_surface_create_from_png(argv[1]);
    cairo_surface_t *b = cairo_image_surface_create_from_png(argv[2]);
    int rc = 0;
    if (cairo_surface_status(a) != CAIRO_STATUS_SUCCESS || cairo_surface_status(b) != CAIRO_STATUS_SUCCESS) {
        fprintf(stderr, "pngdiff: cannot read %s\n",
                cairo_surface_status(a) != CAIRO_STATUS_SUCCESS ? argv[1] : argv[2]);
        rc = 2;
        goto out;
    }
    int w = cairo_image_surface_get_width(a), h = cairo_image_surface_get_height(a);
    if (w != cairo_image_surface_get_width(b) || h != cairo_image_surface_get_height(b)) {
        fprintf(stderr, "pngdiff: sizes differ: %dx%d vs %dx%d\n", w, h,
                cairo_image_surface_get_width(b), cairo_image_surface_get_height(b));
        rc = 2;
        goto out;
    }
    /* Both surfaces hold premultiplied ARGB32 (or RGB24): compare composited
     * over white so transparent and white backgrounds count as equal. */
    cairo_surface_t *flat[2];
    cairo_surface_t *src[2] = { a, b };
    for (int i = 0; i < 2; i++) {
        flat[i] = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
        cairo_t *cr = cairo_create(flat[i]);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_paint(cr);
        cairo_set_source_surface(cr, src[i], 0, 0);
        cairo_paint(cr);
        cairo_destroy(cr);
        cairo_surface_flush(flat[i]);
    }
    const unsigned char *da = cairo_image_surface_get_data(flat[0]);
    const unsigned char *db = cairo_image_surface_get_data(flat[1]);
    int sa = cairo_image_surface_get_stride(flat[0]), sb = cairo_image_surface_get_stride(flat[1]);
    long long differing = 0, exact = 0;
    for (int y = 0; y < h; y++) {
        const uint32_t *ra = (const uint32_t *)(da + (size_t)y * sa);
        const uint32_t *rb = (const uint32_t *)(db + (size_t)y * sb);
        for (int x = 0; x < w; x++) {
            uint32_t pa = ra[x] & 0xffffff, pb = rb[x] & 0xffffff;
            if (pa == pb)
                continue;
            exact++;
            int d = channel_delta(pa, pb, 0);
            int g = channel_delta(pa, pb, 8);
            int r = channel_delta(pa, pb, 16);
            int m = d > g ? d : g;
            m = m > r ? m : r;
            if (m > threshold)
                differing++;
        }
    }
    long long total = (long long)w * h;
    printf("differing=%lld total=%lld pct=%.3f exact_differing=%lld threshold=%d\n", differing, total,
           100.0 * (double)differing / (double)total, exact, threshold);
    cairo_surface_destroy(flat[0]);
    cairo_surface_destroy(flat[1]);
out:
    cairo_surface_destroy(a);
    cairo_surface_destroy(b);
    return rc;
}
