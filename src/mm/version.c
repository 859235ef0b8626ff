// SPDX-License-Identifier: GPL-2.0-only
/*
 * version.c - the library version.
 */
#include <memcompact.h>

const char *mc_version(void)
{
	return "0.1.0";
}
