/* Label placement (src/layout/labels.c): priorities, candidate positions,
 * wrapping, bounds, obstacles, determinism, no overlaps, drawing ops. */
/* clock_gettime and CLOCK_THREAD_CPUTIME_ID are POSIX. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <string.h>
#include <time.h>

#include "terrimap/render.h"
#include "../../src/layout/labels.h"

static const char *long_name = "Grand Paris Sud-Seine-Essonne-Sénart";

static tm_font_t test_font(void)
{
  tm_font_t f = {0};
  f.family = "Lato";
  f.size = 20.0;
  f.color = (tm_rgba_t){0, 0, 0, 1};
  f.halo_width = 2.0;
  f.halo_color = (tm_rgba_t){1, 1, 1, 1};
  return f;
}

static double line_height(const tm_font_t *f, const char *text)
{
  tm_text_metrics_t m = tm_text_measure(f, text);
  return (m.ascent + m.descent) * 1.05;
}

static const tm_placed_label_t *placed(const tm_label_set_t *set, guint i)
{
  return &g_array_index(set->placed, tm_placed_label_t, i);
}

static gboolean overlap(const tm_extent_t *a, const tm_extent_t *b)
{
  return a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1;
}

static gboolean inside(const tm_extent_t *box, const tm_extent_t *b)
{
  return box->x0 >= b->x0 && box->y0 >= b->y0 && box->x1 <= b->x1 && box->y1 <= b->y1;
}

static void test_same_anchor(void)
{
  tm_font_t f = test_font();
  /* The lower priority comes first in input: order must follow priority. */
  tm_label_request_t req[2] = {
      {.text = "Lens", .value = "b", .x = 300, .y = 200, .priority = 1.0},
      {.text = "Béthune", .value = "a", .x = 300, .y = 200, .priority = 5.0},
  };
  tm_label_set_t *set = tm_labels_place(req, 2, &f, 2, NULL, 0, NULL);
  g_assert_cmpuint(set->placed->len + set->n_dropped, ==, 2);
  const tm_placed_label_t *a = placed(set, 0);
  g_assert_cmpstr(a->text, ==, "Béthune");
  g_assert_cmpstr(a->value, ==, "a");
  g_assert_cmpuint(a->n_lines, ==, 1);
  g_assert_cmpfloat_with_epsilon((a->bbox.x0 + a->bbox.x1) / 2, 300.0, 1e-9);
  g_assert_cmpfloat_with_epsilon((a->bbox.y0 + a->bbox.y1) / 2, 200.0, 1e-9);
  g_assert_cmpfloat_with_epsilon(a->bbox.x0, a->x - 2.0, 1e-9);
  g_assert_cmpfloat_with_epsilon(a->bbox.x1 - a->bbox.x0,
                                 tm_text_measure(&f, "Béthune").width + 4.0, 1e-9);
  g_assert_cmpfloat_with_epsilon(a->bbox.y1 - a->bbox.y0, line_height(&f, "Béthune") + 4.0,
                                 1e-9);
  if (set->placed->len == 2) {
    const tm_placed_label_t *b = placed(set, 1);
    g_assert_cmpstr(b->text, ==, "Lens");
    g_assert_false(overlap(&a->bbox, &b->bbox));
    g_assert_true(fabs((b->bbox.x0 + b->bbox.x1) / 2 - 300) > 1 ||
                  fabs((b->bbox.y0 + b->bbox.y1) / 2 - 200) > 1);
  } else {
    g_assert_cmpuint(set->n_dropped, ==, 1);
  }
  tm_label_set_free(set);
}

/* Without halo and with a short word, the second label finds room half a
 * line above or below: the shifted candidates are really tried. */
static void test_shifted_candidate(void)
{
  tm_font_t f = test_font();
  f.halo_width = 0.0;
  double lh = line_height(&f, "Lens");
  /* An obstacle over the centred position, leaving room below. */
  tm_extent_t obstacle = {250, 150, 350, 200};
  tm_label_request_t req = {.text = "Lens", .x = 300, .y = 200, .priority = 1};
  tm_label_set_t *set = tm_labels_place(&req, 1, &f, 2, &obstacle, 1, NULL);
  g_assert_cmpuint(set->placed->len, ==, 1);
  const tm_placed_label_t *p = placed(set, 0);
  /* Centre, right, left (half a line) and above overlap the obstacle;
   * below at half a line only touches it, which is allowed. */
  g_assert_cmpfloat(p->y, ==, 200.0);
  g_assert_cmpfloat_with_epsilon(p->x, 300.0 - tm_text_measure(&f, "Lens").width / 2, 1e-9);
  g_assert_cmpfloat_with_epsilon(p->bbox.y1 - p->bbox.y0, lh, 1e-9);
  g_assert_false(overlap(&p->bbox, &obstacle));
  tm_label_set_free(set);
}

static void test_obstacle_drops(void)
{
  tm_font_t f = test_font();
  tm_extent_t obstacles[2] = {{0, 0, 50, 50}, {100, 100, 500, 500}};
  tm_label_request_t req = {.text = "Saint-Quentin", .x = 300, .y = 300, .priority = 1};
  tm_label_set_t *set = tm_labels_place(&req, 1, &f, 2, obstacles, 2, NULL);
  g_assert_cmpuint(set->n_dropped, ==, 1);
  g_assert_cmpuint(set->placed->len, ==, 0);
  tm_label_set_free(set);
}

static char *joined(const tm_placed_label_t *p)
{
  return g_strjoinv("|", p->lines);
}

static void test_wrap(void)
{
  tm_font_t f = test_font();
  double w1 = tm_text_measure(&f, long_name).width;
  tm_label_request_t req = {.text = long_name, .x = 500, .y = 300, .priority = 1};

  /* Radius unknown, plenty of room: one line. */
  tm_label_set_t *set = tm_labels_place(&req, 1, &f, 2, NULL, 0, NULL);
  g_assert_cmpuint(placed(set, 0)->n_lines, ==, 1);
  g_assert_cmpstr(placed(set, 0)->lines[0], ==, long_name);
  g_assert_null(placed(set, 0)->lines[1]);
  tm_label_set_free(set);

  /* Bounds narrower than one line: two lines, split at the hyphen nearest
   * the middle that gives the narrower block. */
  tm_extent_t narrow = {500 - w1 * 0.4, 0, 500 + w1 * 0.4, 600};
  set = tm_labels_place(&req, 1, &f, 2, NULL, 0, &narrow);
  g_assert_cmpuint(set->placed->len, ==, 1);
  const tm_placed_label_t *p = placed(set, 0);
  g_assert_cmpuint(p->n_lines, ==, 2);
  char *j = joined(p);
  g_assert_cmpstr(j, ==, "Grand Paris Sud-|Seine-Essonne-Sénart");
  g_free(j);
  g_assert_true(inside(&p->bbox, &narrow));
  g_assert_cmpfloat_with_epsilon(p->bbox.y1 - p->bbox.y0,
                                 2 * line_height(&f, long_name) + 4.0, 1e-9);
  tm_label_set_free(set);

  /* max_lines 1: it cannot fit, so it is dropped. */
  set = tm_labels_place(&req, 1, &f, 1, NULL, 0, &narrow);
  g_assert_cmpuint(set->n_dropped, ==, 1);
  tm_label_set_free(set);

  /* Small territory (text wider than 2.5 × radius): two lines preferred. */
  req.radius = w1 / 3.0;
  set = tm_labels_place(&req, 1, &f, 2, NULL, 0, NULL);
  g_assert_cmpuint(placed(set, 0)->n_lines, ==, 2);
  tm_label_set_free(set);

  /* Large enough (text width <= 2.5 × radius): one line. */
  req.radius = w1 / 2.5;
  set = tm_labels_place(&req, 1, &f, 2, NULL, 0, NULL);
  g_assert_cmpuint(placed(set, 0)->n_lines, ==, 1);
  tm_label_set_free(set);

  /* A word without break point never wraps. */
  tm_label_request_t word = {.text = "Aaaaaaaaaaaaaaaaaaaa", .x = 500, .y = 300,
                             .radius = 1, .priority = 1};
  set = tm_labels_place(&word, 1, &f, 2, NULL, 0, NULL);
  g_assert_cmpuint(placed(set, 0)->n_lines, ==, 1);
  tm_label_set_free(set);
}

/* " – " breaks after the dash: no line starts with it. */
static void test_wrap_en_dash(void)
{
  tm_font_t f = test_font();
  tm_label_request_t req = {.text = "Aaaaaaa Bbbbbbb – Ccccccc Ddddddd", .x = 500, .y = 300,
                            .radius = 5, .priority = 1};
  tm_label_set_t *set = tm_labels_place(&req, 1, &f, 2, NULL, 0, NULL);
  char *j = joined(placed(set, 0));
  g_assert_cmpstr(j, ==, "Aaaaaaa Bbbbbbb –|Ccccccc Ddddddd");
  g_free(j);
  tm_label_set_free(set);
}

/* Equal priorities: input order decides who gets the centre. */
static void test_ties_input_order(void)
{
  tm_font_t f = test_font();
  tm_label_request_t req[2] = {
      {.text = "Douai", .x = 300, .y = 200, .priority = 3},
      {.text = "Valenciennes", .x = 300, .y = 200, .priority = 3},
  };
  tm_label_set_t *set = tm_labels_place(req, 2, &f, 2, NULL, 0, NULL);
  g_assert_cmpstr(placed(set, 0)->text, ==, "Douai");
  g_assert_cmpfloat_with_epsilon((placed(set, 0)->bbox.x0 + placed(set, 0)->bbox.x1) / 2, 300,
                                 1e-9);
  tm_label_set_free(set);
}

/* max_lines 3 with a tiny territory: three lines, nothing lost. */
static void test_wrap_three_lines(void)
{
  tm_font_t f = test_font();
  const char *name = "Communauté de communes du Pays de la Région Mirebelloise";
  tm_label_request_t req = {.text = name, .x = 500, .y = 300, .radius = 10, .priority = 1};
  tm_label_set_t *set = tm_labels_place(&req, 1, &f, 3, NULL, 0, NULL);
  const tm_placed_label_t *p = placed(set, 0);
  g_assert_cmpuint(p->n_lines, ==, 3);
  char *j = g_strjoinv(" ", p->lines);
  g_assert_cmpstr(j, ==, name);
  g_free(j);
  double lh = line_height(&f, name);
  g_assert_cmpfloat_with_epsilon(p->bbox.y1 - p->bbox.y0, 3 * lh + 4.0, 1e-9);
  /* Each line is narrower than the two-line split's wider line. */
  tm_label_set_t *two = tm_labels_place(&req, 1, &f, 2, NULL, 0, NULL);
  g_assert_cmpuint(placed(two, 0)->n_lines, ==, 2);
  g_assert_cmpfloat(p->bbox.x1 - p->bbox.x0, <, placed(two, 0)->bbox.x1 - placed(two, 0)->bbox.x0);
  tm_label_set_free(two);
  tm_label_set_free(set);
}

static void test_bounds(void)
{
  tm_font_t f = test_font();
  double lh = line_height(&f, "Lens");
  tm_extent_t bounds = {0, 0, 400, 300};
  /* Centred box would cross the top edge by less than half a line: the
   * first candidate inside is "below" at half a line. */
  double h = lh + 4.0;
  tm_label_request_t req[2] = {
      {.text = "Lens", .x = 200, .y = h / 2 - lh * 0.3, .priority = 2},
      /* Far outside: nothing fits. */
      {.text = "Arras", .x = 900, .y = 900, .priority = 1},
  };
  tm_label_set_t *set = tm_labels_place(req, 2, &f, 2, NULL, 0, &bounds);
  g_assert_cmpuint(set->placed->len, ==, 1);
  g_assert_cmpuint(set->n_dropped, ==, 1);
  const tm_placed_label_t *p = placed(set, 0);
  g_assert_true(inside(&p->bbox, &bounds));
  g_assert_cmpfloat_with_epsilon((p->bbox.y0 + p->bbox.y1) / 2, req[0].y + lh / 2, 1e-9);
  g_assert_cmpfloat_with_epsilon((p->bbox.x0 + p->bbox.x1) / 2, 200, 1e-9);
  tm_label_set_free(set);
}

static tm_label_request_t *random_requests(GRand *rand, guint n, GPtrArray *strings)
{
  static const char *names[] = {"Lens", "Grand Paris Sud-Seine-Essonne-Sénart", "Arras",
                                "Pays de Grasse", "Cœur d'Essonne", "Val de Garonne – Gascogne",
                                "Saint-Quentin-en-Yvelines", "Metz Métropole"};
  tm_label_request_t *req = g_new0(tm_label_request_t, n);
  for (guint i = 0; i < n; i++) {
    char *text = g_strdup_printf("%s %u", names[g_rand_int_range(rand, 0, 8)], i);
    g_ptr_array_add(strings, text);
    req[i].text = text;
    req[i].value = text;
    req[i].x = g_rand_double_range(rand, 0, 2000);
    req[i].y = g_rand_double_range(rand, 0, 2000);
    req[i].radius = g_rand_double_range(rand, 0, 150);
    /* Some ties, to exercise the input-order rule. */
    req[i].priority = g_rand_int_range(rand, 0, 50);
  }
  return req;
}

static void random_obstacles(GRand *rand, tm_extent_t *obs, guint n)
{
  for (guint i = 0; i < n; i++) {
    double x = g_rand_double_range(rand, 0, 1950), y = g_rand_double_range(rand, 0, 1950);
    obs[i] = (tm_extent_t){x, y, x + g_rand_double_range(rand, 1, 120),
                           y + g_rand_double_range(rand, 1, 80)};
  }
}

static void test_random_no_overlap(void)
{
  tm_font_t f = test_font();
  GRand *rand = g_rand_new_with_seed(42);
  GPtrArray *strings = g_ptr_array_new_with_free_func(g_free);
  tm_label_request_t *req = random_requests(rand, 500, strings);
  tm_extent_t obs[20];
  random_obstacles(rand, obs, 20);
  tm_extent_t bounds = {0, 0, 2000, 2000};
  tm_label_set_t *set = tm_labels_place(req, 500, &f, 2, obs, 20, &bounds);
  g_assert_cmpuint(set->placed->len + set->n_dropped, ==, 500);
  g_assert_cmpuint(set->placed->len, >, 50);
  g_assert_cmpuint(set->n_dropped, >, 0);
  double last_priority = INFINITY;
  for (guint i = 0; i < set->placed->len; i++) {
    const tm_placed_label_t *a = placed(set, i);
    g_assert_true(inside(&a->bbox, &bounds));
    g_assert_cmpuint(a->n_lines, >=, 1);
    g_assert_cmpuint(a->n_lines, <=, 2);
    g_assert_cmpuint(g_strv_length(a->lines), ==, a->n_lines);
    for (guint k = 0; k < 20; k++)
      g_assert_false(overlap(&a->bbox, &obs[k]));
    for (guint j = i + 1; j < set->placed->len; j++)
      g_assert_false(overlap(&a->bbox, &placed(set, j)->bbox));
    /* Placement order follows priority. */
    guint idx = (guint)g_ascii_strtoull(strrchr(a->text, ' ') + 1, NULL, 10);
    g_assert_cmpfloat(req[idx].priority, <=, last_priority);
    last_priority = req[idx].priority;
  }
  tm_label_set_free(set);
  g_free(req);
  g_ptr_array_free(strings, TRUE);
  g_rand_free(rand);
}

static void test_deterministic(void)
{
  tm_font_t f = test_font();
  GRand *rand = g_rand_new_with_seed(7);
  GPtrArray *strings = g_ptr_array_new_with_free_func(g_free);
  tm_label_request_t *req = random_requests(rand, 300, strings);
  tm_extent_t obs[10];
  random_obstacles(rand, obs, 10);
  tm_label_set_t *a = tm_labels_place(req, 300, &f, 2, obs, 10, NULL);
  tm_label_set_t *b = tm_labels_place(req, 300, &f, 2, obs, 10, NULL);
  g_assert_cmpuint(a->placed->len, ==, b->placed->len);
  g_assert_cmpuint(a->n_dropped, ==, b->n_dropped);
  for (guint i = 0; i < a->placed->len; i++) {
    const tm_placed_label_t *p = placed(a, i), *q = placed(b, i);
    g_assert_cmpstr(p->text, ==, q->text);
    g_assert_cmpuint(p->n_lines, ==, q->n_lines);
    g_assert_true(memcmp(&p->bbox, &q->bbox, sizeof p->bbox) == 0);
    g_assert_true(p->x == q->x && p->y == q->y);
  }
  tm_label_set_free(a);
  tm_label_set_free(b);
  g_free(req);
  g_ptr_array_free(strings, TRUE);
  g_rand_free(rand);
}

/* CPU time of this thread: wall time swings with the machine's load. */
static double thread_cpu_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void test_speed(void)
{
  tm_font_t f = test_font();
  GRand *rand = g_rand_new_with_seed(3);
  GPtrArray *strings = g_ptr_array_new_with_free_func(g_free);
  tm_label_request_t *req = random_requests(rand, 2000, strings);
  tm_extent_t obs[200];
  random_obstacles(rand, obs, 200);
  tm_extent_t bounds = {0, 0, 2000, 2000};
  gint64 t0 = g_get_monotonic_time();
  double c0 = thread_cpu_ms();
  tm_label_set_t *set = tm_labels_place(req, 2000, &f, 2, obs, 200, &bounds);
  double cpu = thread_cpu_ms() - c0;
  gint64 us = g_get_monotonic_time() - t0;
  g_test_message("2000 labels, 200 obstacles: %u placed, %u dropped in %.1f ms CPU (%.1f ms wall)",
                 set->placed->len, set->n_dropped, cpu, us / 1000.0);
  g_assert_cmpuint(set->placed->len + set->n_dropped, ==, 2000);
  /* Generous: sanitizer builds are several times slower; an O(n²) or a
   * measure per candidate would still blow it. */
  g_assert_cmpint(us, <, 3 * G_USEC_PER_SEC);
  tm_label_set_free(set);
  g_free(req);
  g_ptr_array_free(strings, TRUE);
  g_rand_free(rand);
}

static void test_bad_input(void)
{
  tm_font_t f = test_font();
  tm_label_request_t req[6] = {
      {.text = NULL, .x = 10, .y = 10, .priority = 1},
      {.text = " \t ", .x = 10, .y = 10, .priority = 1},
      {.text = "", .x = 10, .y = 10, .priority = 1},
      {.text = "bad \xff utf8", .x = 10, .y = 10, .priority = 1},
      {.text = "Nan", .x = NAN, .y = 10, .priority = 1},
      {.text = "Ok", .x = 100, .y = 100, .priority = NAN},
  };
  tm_extent_t obs[2] = {{NAN, 0, 1, 1}, tm_extent_empty()};
  tm_label_set_t *set = tm_labels_place(req, 6, &f, 9, obs, 2, NULL);
  g_assert_cmpuint(set->n_dropped, ==, 5);
  g_assert_cmpuint(set->placed->len, ==, 1);
  g_assert_cmpstr(placed(set, 0)->text, ==, "Ok");
  g_assert_null(placed(set, 0)->value);
  tm_label_set_free(set);

  set = tm_labels_place(NULL, 0, &f, 2, NULL, 0, NULL);
  g_assert_cmpuint(set->placed->len, ==, 0);
  tm_drawing_t *d = tm_drawing_new(100, 100, 96, NULL);
  tm_labels_draw(set, d, &f);
  g_assert_cmpuint(tm_drawing_get_n_ops(d), ==, 0);
  tm_drawing_free(d);
  tm_label_set_free(set);
  tm_label_set_free(NULL);
}

static void test_draw(void)
{
  tm_font_t f = test_font();
  double w1 = tm_text_measure(&f, long_name).width;
  tm_label_request_t req[2] = {
      {.text = "Lens", .value = "L", .x = 100, .y = 100, .priority = 2},
      {.text = long_name, .x = 400, .y = 300, .radius = w1 / 4, .priority = 1},
  };
  tm_label_set_t *set = tm_labels_place(req, 2, &f, 2, NULL, 0, NULL);
  g_assert_cmpuint(set->placed->len, ==, 2);
  g_assert_cmpuint(placed(set, 1)->n_lines, ==, 2);
  tm_drawing_t *d = tm_drawing_new(800, 600, 96, NULL);
  tm_labels_draw(set, d, &f);
  g_assert_cmpuint(tm_drawing_get_n_ops(d), ==, 5);
  const tm_op_t *g = tm_drawing_get_op(d, 0);
  g_assert_cmpint(g->kind, ==, TM_OP_GROUP_BEGIN);
  g_assert_cmpstr(g->id, ==, "labels");
  g_assert_cmpint(tm_drawing_get_op(d, 4)->kind, ==, TM_OP_GROUP_END);

  tm_text_metrics_t m = tm_text_measure(&f, "Lens");
  double lh = (m.ascent + m.descent) * 1.05;
  const tm_op_t *t = tm_drawing_get_op(d, 1);
  g_assert_cmpint(t->kind, ==, TM_OP_TEXT);
  g_assert_cmpstr(t->text, ==, "Lens");
  g_assert_cmpstr(t->css_class, ==, "label");
  g_assert_cmpstr(t->font.family, ==, "Lato");
  g_assert_cmpfloat(t->font.halo_width, ==, 2.0);
  g_assert_cmpfloat(t->font.halo_color.r, ==, 1.0);
  g_assert_cmpfloat_with_epsilon(t->x, placed(set, 0)->x, 1e-9);
  g_assert_cmpfloat_with_epsilon(t->y, placed(set, 0)->y + (lh - m.ascent - m.descent) / 2 + m.ascent,
                                 1e-9);

  /* Two centred lines, one line height apart, both inside the bbox. */
  const tm_placed_label_t *p = placed(set, 1);
  const tm_op_t *l0 = tm_drawing_get_op(d, 2), *l1 = tm_drawing_get_op(d, 3);
  g_assert_cmpstr(l0->text, ==, p->lines[0]);
  g_assert_cmpstr(l1->text, ==, p->lines[1]);
  double c0 = l0->x + tm_text_measure(&f, l0->text).width / 2;
  double c1 = l1->x + tm_text_measure(&f, l1->text).width / 2;
  g_assert_cmpfloat_with_epsilon(c0, 400.0, 1e-6);
  g_assert_cmpfloat_with_epsilon(c1, 400.0, 1e-6);
  g_assert_cmpfloat_with_epsilon(l1->y - l0->y, line_height(&f, long_name), 1e-9);
  g_assert_cmpfloat(l0->x, >=, p->bbox.x0);
  g_assert_cmpfloat(l1->y, <, p->bbox.y1);
  tm_drawing_free(d);
  tm_label_set_free(set);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/labels/same-anchor", test_same_anchor);
  g_test_add_func("/labels/shifted-candidate", test_shifted_candidate);
  g_test_add_func("/labels/obstacle-drops", test_obstacle_drops);
  g_test_add_func("/labels/wrap", test_wrap);
  g_test_add_func("/labels/wrap-en-dash", test_wrap_en_dash);
  g_test_add_func("/labels/ties-input-order", test_ties_input_order);
  g_test_add_func("/labels/wrap-three-lines", test_wrap_three_lines);
  g_test_add_func("/labels/bounds", test_bounds);
  g_test_add_func("/labels/random-no-overlap", test_random_no_overlap);
  g_test_add_func("/labels/deterministic", test_deterministic);
  g_test_add_func("/labels/speed", test_speed);
  g_test_add_func("/labels/bad-input", test_bad_input);
  g_test_add_func("/labels/draw", test_draw);
  return g_test_run();
}
