/* pngenc: how long libpng takes to encode a map image with various settings.
 * Reads a PNG (e.g. terrimap's scenario 1 output) and re-encodes it in memory
 * the way src/write/png.c does (RGB rows, filler dropped), timing each
 * setting: compression level, row filters, zlib strategy.  Evidence for the
 * PNG-encoding suggestion in bench/results/profile.md.
 * Usage: pngenc IMAGE.png [repeats, default 3] */
#include <cairo.h>
#include <png.h>
#include <zlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct { size_t bytes; } sink_t;

static void sink_write(png_structp png, png_bytep data, png_size_t n)
{
    ((sink_t *)png_get_io_ptr(png))->bytes += n;
    (void)data;
}
static void sink_flush(png_structp png) { (void)png; }

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Returns seconds (CPU of this thread) and fills *bytes. */
static double encode(const unsigned char *rgba, int w, int h, int stride, int level, int filters,
                     int strategy, size_t *bytes)
{
    sink_t sink = {0};
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png_create_info_struct(png);
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        return -1;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
    png_set_write_fn(png, &sink, sink_write, sink_flush);
    png_set_IHDR(png, info, w, h, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_compression_level(png, level);
    if (filters >= 0)
        png_set_filter(png, 0, filters);
    if (strategy >= 0)
        png_set_compression_strategy(png, strategy);
    png_write_info(png, info);
    png_set_filler(png, 0, PNG_FILLER_AFTER);
    for (int y = 0; y < h; y++)
        png_write_row(png, (png_bytep)(rgba + (size_t)y * stride));
    png_write_end(png, info);
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1);
    png_destroy_write_struct(&png, &info);
    *bytes = sink.bytes;
    return (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s IMAGE.png [repeats]\n", argv[0]);
        return 2;
    }
    int reps = argc > 2 ? atoi(argv[2]) : 3;
    cairo_surface_t *s = cairo_image_surface_create_from_png(argv[1]);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        fprintf(stderr, "pngenc: cannot read %s\n", argv[1]);
        return 2;
    }
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    /* cairo's BGRA words -> RGBA bytes like terrimap's image. */
    unsigned char *rgba = malloc((size_t)stride * h);
    const unsigned char *src = cairo_image_surface_get_data(s);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            unsigned int v;
            memcpy(&v, src + (size_t)y * stride + 4 * x, 4);
            unsigned char *p = rgba + (size_t)y * stride + 4 * x;
            p[0] = v >> 16; p[1] = v >> 8; p[2] = v; p[3] = 255;
        }
    struct { const char *name; int level, filters, strategy; } cfg[] = {
        {"level 6, adaptive filters (libpng default)", 6, -1, -1},
        {"level 6, filter NONE", 6, PNG_FILTER_NONE, -1},
        {"level 6, filter SUB", 6, PNG_FILTER_SUB, -1},
        {"level 3, filter SUB", 3, PNG_FILTER_SUB, -1},
        {"level 3, filter NONE (terrimap now)", 3, PNG_FILTER_NONE, -1},
        {"level 2, filter NONE", 2, PNG_FILTER_NONE, -1},
        {"level 1, filter SUB", 1, PNG_FILTER_SUB, -1},
        {"level 1, filter NONE", 1, PNG_FILTER_NONE, -1},
        {"Z_RLE, filter SUB", 6, PNG_FILTER_SUB, Z_RLE},
        {"Z_RLE, filter NONE", 6, PNG_FILTER_NONE, Z_RLE},
        {"level 1, adaptive filters", 1, -1, -1},
    };
    printf("| setting | CPU s (best of %d) | size MB |\n|---|---:|---:|\n", reps);
    for (size_t i = 0; i < sizeof cfg / sizeof cfg[0]; i++) {
        double best = 1e9;
        size_t bytes = 0;
        for (int r = 0; r < reps; r++) {
            double t = encode(rgba, w, h, stride, cfg[i].level, cfg[i].filters, cfg[i].strategy, &bytes);
            if (t >= 0 && t < best)
                best = t;
        }
        printf("| %s | %.3f | %.2f |\n", cfg[i].name, best, bytes / 1e6);
    }
    (void)now;
    free(rgba);
    cairo_surface_destroy(s);
    return 0;
}
