/* The sync command (issue 17): bundles between offices. */
#ifndef CLI_CMD_SYNC_H
#define CLI_CMD_SYNC_H

struct cli;

/* jobdesk sync key | trust | export | import | status. */
int cmd_sync(struct cli *c, int argc, char **argv);

#endif
