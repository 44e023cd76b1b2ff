/* The sync status screen: per trusted office, bundles in and out and the age of its data. */
#ifndef TUI_UI_SYNCSTATUS_H
#define TUI_UI_SYNCSTATUS_H

#include "tui/tui.h"

/* Open the sync status (core/bundle.h bundle_status): one line per trusted office, the newest
 * data red and bold past 14 days; Enter shows one office whole; q and Esc go back. */
int ui_syncstatus_open(struct app *a, void *st);

#endif
