/* The search command. Each entry point takes argv after the command's own name. */
#ifndef CLI_CMD_SEARCH_H
#define CLI_CMD_SEARCH_H

struct cli;

/* jobdesk search QUERY. */
int cmd_search(struct cli *c, int argc, char **argv);

#endif
