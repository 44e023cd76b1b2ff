/* A deterministic synthetic caseload: persons with households, insurance, enrollments at every
 * stage, certificates, notes and follow-ups, for trying jobdesk out and for benchmarks.
 *
 * The same seed and number of persons give the same caseload (names, ID numbers, dates relative
 * to date_today(), enrollments, notes); only the case keys and timestamps differ. Person i
 * depends on the seed and i alone, so a larger caseload begins with the smaller one. */
#ifndef CORE_DEMO_H
#define CORE_DEMO_H

#include <stdint.h>

#include "util/diag.h"

struct db;

/* The most persons one demo makes; ID numbers stay unique up to this many. */
extern const long demo_max_persons;

/* What to make, and an optional progress callback called after each committed batch. */
struct demo_opts {
	uint64_t seed;
	long persons;          /* 1 .. demo_max_persons */
	long batch;            /* persons per transaction; 0 for the default (10,000) */
	void (*progress)(void *arg, long done, long total);
	void *arg;
};

/* What was made. */
struct demo_stats {
	long persons;
	long enrollments;
	long by_kind[5];       /* training, internship, startup, grassroots, employment */
	long certificates;
	long notes;
};

/* The enrollment kinds in the order of demo_stats.by_kind. */
extern const char *const demo_kinds[5];

/* Fill an empty database with a caseload. A database that already has persons is refused
 * (EX_DATAERR) so that nothing collides; batches already committed stay if a later one fails. */
int demo_run(struct db *db, const struct demo_opts *o, struct demo_stats *st, struct diag *d);

/* The ID number person i (from 0) of a demo with this seed gets as of today (a day number);
 * the same for every i below demo_max_persons is never made twice. */
void demo_person_id(uint64_t seed, long i, int today, char out[19]);

#endif
