/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * strbuf.h - a growable text buffer for the renderers (the seq_file of
 * memcompact).  Allocation failure sticks: once set, further appends are
 * ignored and sb_failed() reports it.
 */
#ifndef MC_UTIL_STRBUF_H
#define MC_UTIL_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf {
	char *buf;
	size_t len;
	size_t cap;
	bool failed;
};

void sb_init(struct strbuf *sb);
void sb_free(struct strbuf *sb);
void sb_reset(struct strbuf *sb);
void sb_puts(struct strbuf *sb, const char *s);
void sb_putc(struct strbuf *sb, char c);
void sb_write(struct strbuf *sb, const char *s, size_t n);
void sb_printf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static inline bool sb_failed(const struct strbuf *sb)
{
	return sb->failed;
}

#endif
