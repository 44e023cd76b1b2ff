/* A table of text cells: rows of a fixed number of columns, NULL for unknown. */
#ifndef UTIL_ROWS_H
#define UTIL_ROWS_H

#include <stddef.h>

struct rows {
	int ncol;
	size_t n, cap;
	char **v;      /* n * ncol cells, row by row */
};

/* Start a table of ncol columns. */
void rows_init(struct rows *r, int ncol);
/* Append a row; cells is ncol strings (copied; NULL stays NULL). */
void rows_add(struct rows *r, const char *const *cells);
/* The cell at row i, column j (NULL when unknown). */
const char *rows_get(const struct rows *r, size_t i, int j);
/* Free every cell. */
void rows_free(struct rows *r);

#endif
