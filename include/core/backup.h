/* Backups that restore: generations of the database in its backup folder (DB.backups/, mode
 * 0700), each checked after it is written (integrity_check, schema version, office) and the
 * oldest beyond the office's setting backup_keep (default 7) removed once the new one passed;
 * the screen's daily one; an encrypted copy to carry away (Argon2id from a passphrase,
 * crypto_secretstream_xchacha20poly1305, a header naming the office); and restoring a plain or
 * encrypted backup into the open database through SQLite's backup API (core/dbopen.h), the
 * database it replaces kept and the sync epoch advanced. One file, one prefix: backup.c. */
#ifndef CORE_BACKUP_H
#define CORE_BACKUP_H

#include <stdbool.h>
#include <stdint.h>

#include "util/diag.h"

struct session;

/* Generations kept when the setting backup_keep is not set. */
enum { BACKUP_KEEP_DEFAULT = 7 };
/* The shortest passphrase an encrypted copy is written with (characters). */
enum { BACKUP_PASS_MIN = 10 };
/* diag.reason: the passphrase does not open the copy; the copy was changed or cut short. */
enum { BACKUP_WRONG_PASS = 1, BACKUP_TAMPERED = 2 };

/* What a restore did. */
struct backup_restored {
	char *kept;        /* the database it replaced, kept (a generation named before-restore,
	                    * or the damaged file moved aside); NULL when there was none */
	int version;       /* the restored schema version (before it was brought up to date) */
	int64_t persons;   /* persons in the restored database */
	int64_t epoch;     /* the sync epoch now */
};

/* The backup folder of the database at db_path (DB.backups). Caller frees. */
char *backup_dir(const char *db_path);
/* The newest generation of the database at db_path, or NULL when there is none. Caller frees. */
char *backup_newest(const char *db_path);
/* Whether the file is an encrypted copy (its magic); false for anything else or unreadable. */
bool backup_is_encrypted(const char *file);
/* Write a generation of the session's open database into its backup folder, named by today's
 * date and the time, check it (a failed one is removed, EX_DATAERR) and remove the oldest
 * beyond backup_keep. *made: its path (caller frees). 0 or a sysexits code. */
int backup_generation(struct session *s, char **made, struct diag *d);
/* The screen's backup at the end of a day's first session: a generation when none of today is
 * in the folder (*made its path), else nothing (*made NULL). 0 or a sysexits code. */
int backup_daily(struct session *s, char **made, struct diag *d);
/* Write a generation, then an encrypted copy of it into dir (a new file named by the office,
 * date and time; never over another file) with the passphrase pass, read back and checked.
 * *gen and *made: their paths (caller frees). 0 or a sysexits code. */
int backup_to_usb(struct session *s, const char *dir, const char *pass, char **gen, char **made,
    struct diag *d);
/* Restore the database at db_path from file (plain, or encrypted when pass is given): the file
 * checked (integrity_check, schema version not newer than this jobdesk's, office), the database
 * it replaces kept, every page copied into the open database, its schema brought up to date,
 * the sync epoch advanced past both. 0 or a sysexits code; nothing changed on failure. */
int backup_restore(struct session *s, const char *db_path, const char *file, const char *pass,
    struct backup_restored *r, struct diag *d);
/* Free what a restore said. */
void backup_restored_free(struct backup_restored *r);

#endif
