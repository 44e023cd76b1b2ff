/* The import command. Each entry point takes argv after the command's own name. */
#ifndef CLI_CMD_IMPORT_H
#define CLI_CMD_IMPORT_H

struct cli;

/* jobdesk import FILE.csv. */
int cmd_import(struct cli *c, int argc, char **argv);

#endif
