/* A table of text cells: rows of a fixed number of columns, NULL for unknown. */
#include "util/rows.h"

#include <stdlib.h>

#include "util/xalloc.h"

/* Start a table of ncol columns. */
void
rows_init(struct rows *r, int ncol)
{
	r->ncol = ncol;
	r->n = r->cap = 0;
	r->v = NULL;
}

/* Append a row; cells is ncol strings (copied; NULL stays NULL). */
void
rows_add(struct rows *r, const char *const *cells)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 8;
		r->v = xreallocarray(r->v, r->cap * (size_t)r->ncol, sizeof *r->v);
	}
	for (int j = 0; j < r->ncol; j++)
		r->v[r->n * (size_t)r->ncol + (size_t)j] = xstrdup(cells[j]);
	r->n++;
}

/* The cell at row i, column j (NULL when unknown). */
const char *
rows_get(const struct rows *r, size_t i, int j)
{
	if (i >= r->n || j < 0 || j >= r->ncol)
		return NULL;
	return r->v[i * (size_t)r->ncol + (size_t)j];
}

/* Free every cell. */
void
rows_free(struct rows *r)
{
	for (size_t i = 0; i < r->n * (size_t)r->ncol; i++)
		free(r->v[i]);
	free(r->v);
	r->v = NULL;
	r->n = r->cap = 0;
}
