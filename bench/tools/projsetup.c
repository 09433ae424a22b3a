/* projsetup: what creating terrimap's PROJ transformations costs, and what
 * cheaper ways of building the same ones cost.  terrimap builds, per map,
 * one source->WGS84 transform (frame assignment) and one source->frame
 * transform per frame (6 for France), and calls proj_factors() on each
 * frame CRS (src/project/frames.c, src/project/crs.c).
 * Usage: projsetup LAYER.prj */
#include <proj.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    static char buf[65536];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    return buf;
}

static const char *frames[] = {"EPSG:2154", "EPSG:5490", "EPSG:5490", "EPSG:2972", "EPSG:2975", "EPSG:4471"};
#define NF 6

/* Like PROJ's crs_to_crs, but one operation and no intermediate-CRS search. */
static PJ *direct_op(PJ_CONTEXT *c, PJ *src, PJ *dst)
{
    PJ_OPERATION_FACTORY_CONTEXT *f = proj_create_operation_factory_context(c, NULL);
    proj_operation_factory_context_set_allow_use_intermediate_crs(c, f, PROJ_INTERMEDIATE_CRS_USE_NEVER);
    proj_operation_factory_context_set_grid_availability_use(
        c, f, PROJ_GRID_AVAILABILITY_DISCARD_OPERATION_IF_MISSING_GRID);
    PJ_OBJ_LIST *ops = proj_create_operations(c, src, dst, f);
    PJ *op = NULL;
    if (ops && proj_list_get_count(ops) > 0)
        op = proj_list_get(c, ops, 0);
    proj_list_destroy(ops);
    proj_operation_factory_context_destroy(f);
    PJ *norm = op ? proj_normalize_for_visualization(c, op) : NULL;
    proj_destroy(op);
    return norm;
}

int main(int argc, char **argv)
{
    const char *wkt = argc > 1 ? slurp(argv[1]) : "EPSG:4326";
    if (!wkt) {
        fprintf(stderr, "projsetup: cannot read %s\n", argv[1]);
        return 2;
    }
    double t;
    PJ_CONTEXT *c = proj_context_create();
    PJ *src = proj_create(c, wkt), *wgs = proj_create(c, "EPSG:4326"), *dst[NF];
    for (int i = 0; i < NF; i++)
        dst[i] = proj_create(c, frames[i]);

    printf("| what (one map: WGS84 + 6 frames) | CPU ms |\n|---|---:|\n");
    t = cpu();
    PJ *a = proj_create_crs_to_crs_from_pj(c, src, wgs, NULL, NULL);
    PJ *an = proj_normalize_for_visualization(c, a);
    proj_destroy(a);
    proj_destroy(an);
    printf("| crs_to_crs source -> EPSG:4326 (as now) | %.0f |\n", (cpu() - t) * 1e3);
    t = cpu();
    for (int i = 0; i < NF; i++) {
        PJ *r = proj_create_crs_to_crs_from_pj(c, src, dst[i], NULL, NULL);
        PJ *n = proj_normalize_for_visualization(c, r);
        proj_destroy(r);
        proj_destroy(n);
    }
    printf("| crs_to_crs source -> 6 frame CRS (as now) | %.0f |\n", (cpu() - t) * 1e3);
    t = cpu();
    for (int i = 0; i < NF; i++) {
        PJ_FACTORS fa = proj_factors(dst[i], proj_coord(0.05, 0.8, 0, 0));
        (void)fa;
    }
    printf("| proj_factors on the 6 frame CRS (as now) | %.0f |\n", (cpu() - t) * 1e3);
    t = cpu();
    int same = proj_is_equivalent_to(src, wgs, PJ_COMP_EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS);
    printf("| proj_is_equivalent_to(source, EPSG:4326) = %d (skip the lonlat transform) | %.1f |\n", same,
           (cpu() - t) * 1e3);
    t = cpu();
    for (int i = 0; i < NF; i++)
        proj_destroy(direct_op(c, src, dst[i]));
    printf("| proj_create_operations, no intermediate CRS, first op, 6 frames | %.0f |\n", (cpu() - t) * 1e3);
    /* Same context again: PROJ caches CRS-pair lookups per context, which is
     * what a batch of maps sharing one context would see. */
    t = cpu();
    for (int i = 0; i < NF; i++) {
        PJ *r = proj_create_crs_to_crs_from_pj(c, src, dst[i], NULL, NULL);
        proj_destroy(r);
    }
    printf("| crs_to_crs 6 frames again, same context (cached) | %.0f |\n", (cpu() - t) * 1e3);

    /* Per-point cost: a multi-operation PJ picks an operation per point. */
    enum { N = 560000 };
    double *xy = malloc(sizeof(double) * 2 * N);
    PJ *multi = proj_create_crs_to_crs_from_pj(c, src, dst[0], NULL, NULL);
    PJ *mn = proj_normalize_for_visualization(c, multi);
    PJ *one = direct_op(c, src, dst[0]);
    PJ *pair[2] = {mn, one};
    const char *name[2] = {"crs_to_crs PJ (as now)", "single-operation PJ"};
    for (int k = 0; k < 2; k++) {
        for (int i = 0; i < N; i++) {
            xy[2 * i] = -4.0 + 11.0 * i / N;
            xy[2 * i + 1] = 43.0 + 7.0 * (int)(((long)i * 7919) % N) / N;
        }
        t = cpu();
        proj_trans_generic(pair[k], PJ_FWD, xy, 16, N, xy + 1, 16, N, NULL, 0, 0, NULL, 0, 0);
        printf("| proj_trans_generic of %d points to EPSG:2154, %s | %.0f |\n", N, name[k], (cpu() - t) * 1e3);
    }
    free(xy);
    proj_destroy(multi);
    proj_destroy(mn);
    proj_destroy(one);
    for (int i = 0; i < NF; i++)
        proj_destroy(dst[i]);
    proj_destroy(src);
    proj_destroy(wgs);
    proj_context_destroy(c);
    return 0;
}
