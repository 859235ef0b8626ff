/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * trace_check.h - validate ftrace text lines against the kernel's formats.
 *
 * The checker knows every event memcompact fires by its TP_printk() format
 * string (copied from include/trace/events/ as the interface fact it is)
 * and matches a line against "<prefix><event>: <format>" with a small
 * printf-format matcher: widths, padding, zero-fill, lowercase hex, no
 * stray leading zeros, symbolic values from the kernel's tables, gfp flag
 * lists in show_gfp_flags() order, hashed %p as 16 hex digits.  It is
 * written independently of src/mm/trace.c so that it can catch that file's
 * mistakes.  Run every line a simulation writes through it.
 */
#ifndef MC_TESTS_TRACE_CHECK_H
#define MC_TESTS_TRACE_CHECK_H

#include <stddef.h>

/*
 * trace_check_line() - check one line of /sys/kernel/tracing/trace as
 * mc_trace_format() writes it with default options (irq-info on).  A
 * single trailing "\n" is allowed.  Returns 0 when the line is valid, -1
 * otherwise with a reason in @why (may be NULL).
 */
int trace_check_line(const char *line, char *why, size_t whylen);

/*
 * trace_check_line_opts() - the same for lines written with @opts:
 * MC_TRACE_FMT_NO_IRQ_INFO (no flag columns) or MC_TRACE_FMT_PERF (perf
 * script's default prefix: "%16s %7d [%03d] %12s: system:event: ").
 */
int trace_check_line_opts(const char *line, unsigned opts, char *why,
			  size_t whylen);

#endif
