/* jobdesk sync conflicts | sync resolve: what a sync held aside, and a supervisor's choice
 * (core/syncapply.h). Each entry point takes argv after the command's own name. */
#ifndef CLI_CMD_CONFLICTS_H
#define CLI_CMD_CONFLICTS_H

struct cli;

/* jobdesk sync conflicts [--all] [--format table|json] */
int cmd_sync_conflicts(struct cli *c, int argc, char **argv);
/* jobdesk sync resolve ID --keep mine|theirs */
int cmd_sync_resolve(struct cli *c, int argc, char **argv);

#endif
