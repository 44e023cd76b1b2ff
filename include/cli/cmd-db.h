/* The db commands: init, db check, db backup, db restore. Each entry point takes argv after the command's own name. */
#ifndef CLI_CMD_DB_H
#define CLI_CMD_DB_H

struct cli;

/* Create or migrate the database (jobdesk init). */
int cmd_db_init(struct cli *c, int argc, char **argv);
/* jobdesk db check | backup [FILE | --to-usb DIR] | restore FILE. */
int cmd_db(struct cli *c, int argc, char **argv);

#endif
