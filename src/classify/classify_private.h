/* Internals of the classify stage. */
#ifndef TERRIMAP_CLASSIFY_PRIVATE_H
#define TERRIMAP_CLASSIFY_PRIVATE_H

#include "terrimap/classify.h"

/* A symbology with n_classes zeroed classes and n_features zeroed entries. */
tm_symbology_t *tm_symbology_new(const char *kind, guint n_classes, guint n_features);

#endif
