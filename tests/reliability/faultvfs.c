/* A fault-injecting SQLite VFS, loaded into the real jobdesk binary with LD_PRELOAD (the binary
 * links the system's libsqlite3 dynamically): a constructor registers it as the default VFS over
 * the one SQLite had. It counts writes, syncs and locks, and at the Nth one of a kind it either
 * fails that call (FAULTVFS_MODE=error) or simulates a power cut (FAULTVFS_MODE=crash): every
 * write not yet made durable by a sync is undone, on every file this process wrote, and the
 * process ends at once with status 99. The shared-memory methods pass through to the real file,
 * so the database really runs in WAL mode under the shim (the counts say how many shared-memory
 * regions were mapped and which files were opened).
 *
 *   FAULTVFS=KIND:N      KIND is write, sync or lock; N counts from 1 over the whole process
 *   FAULTVFS_MODE=error|crash   (default crash)
 *   FAULTVFS_COUNT=FILE  at exit, write "write W\nsync S\nlock L\nshm M\nfile NAME..." to FILE
 * Standard output is made line-buffered: a command's printed result is its acknowledgement, and
 * what it printed before a power cut must still be in the database after it.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* One write undone at a power cut: the bytes [off, off + len) as they were before it. */
struct fv_undo {
	struct fv_undo *prev;
	sqlite3_int64 off;
	int len;
	unsigned char data[];
};

/* What this process wrote to one path since its last sync; kept after the file closes. */
struct fv_path {
	struct fv_path *next;
	char *name;
	sqlite3_int64 synced_size;  /* -1: never synced by us (created or grown by us only) */
	struct fv_undo *undo;       /* newest first */
};

/* An open file: the shim's part, then the real VFS's file right after it. */
struct fv_file {
	sqlite3_file base;
	struct fv_path *path;       /* NULL for files without a name (temporary) */
	sqlite3_file *real;
};

enum { FV_WRITE, FV_SYNC, FV_LOCK, FV_KINDS };

static sqlite3_vfs *fv_real;
static sqlite3_vfs fv_vfs;
static struct fv_path *fv_paths;
static long fv_count[FV_KINDS];
static long fv_shm_maps;
static int fv_kind = -1;
static long fv_at;
static int fv_crash = 1;
static const char *fv_count_file;

/* The record of a path, made on first use. */
static struct fv_path *
fv_path_of(const char *name)
{
	struct fv_path *p;

	for (p = fv_paths; p != NULL; p = p->next)
		if (strcmp(p->name, name) == 0)
			return p;
	p = calloc(1, sizeof *p);
	p->name = strdup(name);
	p->synced_size = -1;
	p->next = fv_paths;
	fv_paths = p;
	return p;
}

/* The power cut: put back every byte written since the last sync of each path, cut each file
 * to its size at that sync, and end the process without running anything else. */
static void
fv_power_cut(void)
{
	for (struct fv_path *p = fv_paths; p != NULL; p = p->next) {
		int fd = open(p->name, O_WRONLY);
		if (fd < 0)
			continue;  /* deleted since: a deletion is taken as durable */
		for (struct fv_undo *u = p->undo; u != NULL; u = u->prev)
			if (u->len > 0 && pwrite(fd, u->data, (size_t)u->len, u->off) != u->len)
				_exit(98);
		if (ftruncate(fd, p->synced_size < 0 ? 0 : p->synced_size) != 0)
			_exit(98);
		close(fd);
	}
	_exit(99);
}

/* Count one call of a kind; true when it is the one to fail (a power cut does not return). */
static int
fv_hit(int kind)
{
	fv_count[kind]++;
	if (kind != fv_kind || fv_count[kind] != fv_at)
		return 0;
	if (fv_crash)
		fv_power_cut();
	return 1;
}

/* Forget what was written to a path before this sync: it is durable now. */
static void
fv_synced(struct fv_path *p, sqlite3_int64 size)
{
	while (p->undo != NULL) {
		struct fv_undo *u = p->undo;
		p->undo = u->prev;
		free(u);
	}
	p->synced_size = size;
}

/* Keep the bytes [off, off + len) of a file as they are now (the part inside the file). */
static void
fv_keep(struct fv_file *f, sqlite3_int64 off, sqlite3_int64 len)
{
	sqlite3_int64 size = 0;

	if (f->path == NULL)
		return;
	f->real->pMethods->xFileSize(f->real, &size);
	if (off >= size)
		len = 0;
	else if (off + len > size)
		len = size - off;
	struct fv_undo *u = malloc(sizeof *u + (size_t)len);
	u->off = off;
	u->len = (int)len;
	if (len > 0)
		f->real->pMethods->xRead(f->real, u->data, (int)len, off);
	u->prev = f->path->undo;
	f->path->undo = u;
}

/* xClose: the path's record stays (what it wrote may still be lost). */
static int
fv_close(sqlite3_file *file)
{
	struct fv_file *f = (struct fv_file *)file;
	return f->real->pMethods->xClose(f->real);
}

/* xRead passes through. */
static int
fv_read(sqlite3_file *file, void *buf, int amt, sqlite3_int64 off)
{
	struct fv_file *f = (struct fv_file *)file;
	return f->real->pMethods->xRead(f->real, buf, amt, off);
}

/* xWrite: counted, kept for undo, then written. */
static int
fv_write(sqlite3_file *file, const void *buf, int amt, sqlite3_int64 off)
{
	struct fv_file *f = (struct fv_file *)file;

	if (fv_hit(FV_WRITE))
		return SQLITE_IOERR_WRITE;
	fv_keep(f, off, amt);
	return f->real->pMethods->xWrite(f->real, buf, amt, off);
}

/* xTruncate: the cut part is kept for undo. */
static int
fv_truncate(sqlite3_file *file, sqlite3_int64 size)
{
	struct fv_file *f = (struct fv_file *)file;
	sqlite3_int64 now = 0;

	if (fv_hit(FV_WRITE))
		return SQLITE_IOERR_TRUNCATE;
	f->real->pMethods->xFileSize(f->real, &now);
	if (now > size)
		fv_keep(f, size, now - size);
	return f->real->pMethods->xTruncate(f->real, size);
}

/* xSync: counted; after it, what the file holds is durable. */
static int
fv_sync(sqlite3_file *file, int flags)
{
	struct fv_file *f = (struct fv_file *)file;
	sqlite3_int64 size = 0;

	if (fv_hit(FV_SYNC))
		return SQLITE_IOERR_FSYNC;
	int rc = f->real->pMethods->xSync(f->real, flags);
	if (rc == SQLITE_OK && f->path != NULL) {
		f->real->pMethods->xFileSize(f->real, &size);
		fv_synced(f->path, size);
	}
	return rc;
}

/* xFileSize passes through. */
static int
fv_file_size(sqlite3_file *file, sqlite3_int64 *size)
{
	struct fv_file *f = (struct fv_file *)file;
	return f->real->pMethods->xFileSize(f->real, size);
}

/* xLock: counted. */
static int
fv_lock(sqlite3_file *file, int level)
{
	struct fv_file *f = (struct fv_file *)file;

	if (fv_hit(FV_LOCK))
		return SQLITE_IOERR_LOCK;
	return f->real->pMethods->xLock(f->real, level);
}

/* xUnlock passes through. */
static int
fv_unlock(sqlite3_file *file, int level)
{
	struct fv_file *f = (struct fv_file *)file;
	return f->real->pMethods->xUnlock(f->real, level);
}

/* xCheckReservedLock passes through. */
static int
fv_check_reserved(sqlite3_file *file, int *out)
{
	struct fv_file *f = (struct fv_file *)file;
	return f->real->pMethods->xCheckReservedLock(f->real, out);
}

/* xFileControl passes through (SQLITE_FCNTL_VFSNAME included). */
static int
fv_file_control(sqlite3_file *file, int op, void *arg)
{
	struct fv_file *f = (struct fv_file *)file;
	return f->real->pMethods->xFileControl(f->real, op, arg);
}

/* xSectorSize passes through. */
static int
fv_sector_size(sqlite3_file *file)
{
	struct fv_file *f = (struct fv_file *)file;
	return f->real->pMethods->xSectorSize(f->real);
}

/* xDeviceCharacteristics passes through. */
static int
fv_device(sqlite3_file *file)
{
	struct fv_file *f = (struct fv_file *)file;
	return f->real->pMethods->xDeviceCharacteristics(f->real);
}

/* xShmMap passes through, counted: WAL mode maps the shared memory. */
static int
fv_shm_map(sqlite3_file *file, int region, int size, int extend, void volatile **out)
{
	struct fv_file *f = (struct fv_file *)file;
	fv_shm_maps++;
	return f->real->pMethods->xShmMap(f->real, region, size, extend, out);
}

/* xShmLock: counted with the locks; a failure is SQLITE_BUSY, as another process would cause. */
static int
fv_shm_lock(sqlite3_file *file, int offset, int n, int flags)
{
	struct fv_file *f = (struct fv_file *)file;

	if ((flags & SQLITE_SHM_LOCK) && fv_hit(FV_LOCK))
		return SQLITE_BUSY;
	return f->real->pMethods->xShmLock(f->real, offset, n, flags);
}

/* xShmBarrier passes through. */
static void
fv_shm_barrier(sqlite3_file *file)
{
	struct fv_file *f = (struct fv_file *)file;
	f->real->pMethods->xShmBarrier(f->real);
}

/* xShmUnmap passes through. */
static int
fv_shm_unmap(sqlite3_file *file, int del)
{
	struct fv_file *f = (struct fv_file *)file;
	return f->real->pMethods->xShmUnmap(f->real, del);
}

/* Version 2: shared memory, no memory-mapped I/O (every page goes through xRead/xWrite). */
static const sqlite3_io_methods fv_methods = {
	2, fv_close, fv_read, fv_write, fv_truncate, fv_sync, fv_file_size, fv_lock, fv_unlock,
	fv_check_reserved, fv_file_control, fv_sector_size, fv_device, fv_shm_map, fv_shm_lock,
	fv_shm_barrier, fv_shm_unmap, NULL, NULL,
};

/* xOpen: the real file behind ours; named files are tracked for the power cut. */
static int
fv_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags, int *out_flags)
{
	struct fv_file *f = (struct fv_file *)file;
	(void)vfs;

	f->real = (sqlite3_file *)&f[1];
	f->path = name != NULL && !(flags & SQLITE_OPEN_DELETEONCLOSE) ? fv_path_of(name) : NULL;
	int rc = fv_real->xOpen(fv_real, name, f->real, flags, out_flags);
	if (rc != SQLITE_OK || f->real->pMethods == NULL) {
		f->base.pMethods = NULL;
		return rc;
	}
	if (f->path != NULL && f->path->synced_size < 0 && f->path->undo == NULL) {
		/* a file that was there before this process: its content so far is durable */
		sqlite3_int64 size = 0;
		f->real->pMethods->xFileSize(f->real, &size);
		f->path->synced_size = size;
	}
	f->base.pMethods = &fv_methods;
	return rc;
}

/* xDelete passes through (and forgets the path: a deletion is taken as durable). */
static int
fv_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
	(void)vfs;
	for (struct fv_path *p = fv_paths; p != NULL; p = p->next)
		if (strcmp(p->name, name) == 0) {
			fv_synced(p, 0);
			p->synced_size = -1;
		}
	return fv_real->xDelete(fv_real, name, sync_dir);
}

/* xAccess passes through. */
static int
fv_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
	(void)vfs;
	return fv_real->xAccess(fv_real, name, flags, out);
}

/* xFullPathname passes through. */
static int
fv_full_pathname(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
	(void)vfs;
	return fv_real->xFullPathname(fv_real, name, n, out);
}

/* xRandomness passes through. */
static int
fv_randomness(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	return fv_real->xRandomness(fv_real, n, out);
}

/* xSleep passes through. */
static int
fv_sleep(sqlite3_vfs *vfs, int us)
{
	(void)vfs;
	return fv_real->xSleep(fv_real, us);
}

/* xCurrentTime passes through. */
static int
fv_current_time(sqlite3_vfs *vfs, double *out)
{
	(void)vfs;
	return fv_real->xCurrentTime(fv_real, out);
}

/* xGetLastError passes through. */
static int
fv_last_error(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	return fv_real->xGetLastError(fv_real, n, out);
}

/* xCurrentTimeInt64 passes through. */
static int
fv_current_time64(sqlite3_vfs *vfs, sqlite3_int64 *out)
{
	(void)vfs;
	return fv_real->xCurrentTimeInt64(fv_real, out);
}

/* At exit: the counts, for the sweep to know how many points there are. */
static void
fv_report(void)
{
	FILE *out;

	if (fv_count_file == NULL || (out = fopen(fv_count_file, "w")) == NULL)
		return;
	fprintf(out, "write %ld\nsync %ld\nlock %ld\nshm %ld\n", fv_count[FV_WRITE],
	    fv_count[FV_SYNC], fv_count[FV_LOCK], fv_shm_maps);
	for (struct fv_path *p = fv_paths; p != NULL; p = p->next)
		fprintf(out, "file %s\n", p->name);
	fclose(out);
}

/* Register the shim as the default VFS before main, from the environment. */
__attribute__((constructor)) static void
fv_init(void)
{
	const char *spec = getenv("FAULTVFS"), *mode = getenv("FAULTVFS_MODE");

	fv_real = sqlite3_vfs_find(NULL);
	if (fv_real == NULL)
		return;
	fv_vfs = (sqlite3_vfs){
		2, (int)sizeof(struct fv_file) + fv_real->szOsFile, fv_real->mxPathname, NULL,
		"faultvfs", NULL, fv_open, fv_delete, fv_access, fv_full_pathname, NULL, NULL, NULL,
		NULL, fv_randomness, fv_sleep, fv_current_time, fv_last_error, fv_current_time64,
		NULL, NULL, NULL,
	};
	if (spec != NULL && *spec != '\0') {
		const char *colon = strchr(spec, ':');
		size_t k = colon != NULL ? (size_t)(colon - spec) : strlen(spec);
		fv_kind = strncmp(spec, "write", k) == 0 && k == 5 ? FV_WRITE :
		    strncmp(spec, "sync", k) == 0 && k == 4 ? FV_SYNC :
		    strncmp(spec, "lock", k) == 0 && k == 4 ? FV_LOCK : -1;
		fv_at = colon != NULL ? atol(colon + 1) : 0;
		if (fv_kind < 0 || fv_at <= 0) {
			fprintf(stderr, "faultvfs: FAULTVFS=%s: expected write:N, sync:N or lock:N\n", spec);
			_exit(64);
		}
	}
	fv_crash = mode == NULL || strcmp(mode, "error") != 0;
	/* what the command prints is its acknowledgement: written out line by line, so that a line
	 * printed before a power cut is seen by the sweep */
	setvbuf(stdout, NULL, _IOLBF, 0);
	fv_count_file = getenv("FAULTVFS_COUNT");
	atexit(fv_report);
	sqlite3_vfs_register(&fv_vfs, 1);
}
