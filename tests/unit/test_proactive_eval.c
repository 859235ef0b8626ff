// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_proactive_eval.c - the proactive compaction evaluation of
 * bench_proactive.c, small: what the 2020 evaluation showed must hold in
 * the model too.  Memory with 3 of 4 base pages of every 2 MiB block free
 * (all movable); a driver allocating huge pages every 10 ms of machine
 * time until it fails.  With proactiveness 0 nothing runs in the
 * background and nearly every huge page costs a direct compaction; with
 * 20 kcompactd's 500 ms checks keep huge pages ready, so the driver
 * rarely stalls and gets more of the free memory.  The same seed gives
 * the same numbers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "proactive_eval.h"

static const char *machine_spec(void)
{
	const char *s = getenv("MC_TEST_SCALE");

	return s && !strcmp(s, "small") ? "pc:512M,cpus=2" : "pc:1G,cpus=2";
}

static void test_proactive_vs_vanilla(void **state)
{
	struct eval_run r0 = { machine_spec(), 0, 10 * MS, 1 };
	struct eval_run r20 = { machine_spec(), 20, 10 * MS, 1 };
	struct eval_result e0, e20, again;

	(void)state;
	assert_int_equal(eval_run(&r0, &e0), 0);
	assert_int_equal(eval_run(&r20, &e20), 0);
	print_message("vanilla: %llu huge pages (%.1f%%), %llu stalls; "
		      "proactive: %llu (%.1f%%), %llu stalls\n",
		      (unsigned long long)e0.obtained, e0.yield_percent,
		      (unsigned long long)e0.stalls,
		      (unsigned long long)e20.obtained, e20.yield_percent,
		      (unsigned long long)e20.stalls);
	/* the same fragmented start */
	assert_int_equal(e0.kept, e20.kept);
	assert_true(e0.kept > 0);
	/* proactiveness 0: no background compaction at all */
	assert_int_equal(e0.kcompactd_scanned, 0);
	assert_true(e0.stalls > e0.obtained / 2);
	/* proactiveness 20: kcompactd did the work ahead of the driver */
	assert_true(e20.kcompactd_scanned > 0);
	assert_true(e20.stalls * 4 < e0.stalls);
	assert_true(e20.no_direct * 4 >= e20.obtained * 3);
	assert_true(e20.obtained > e0.obtained);
	assert_true(e20.direct_scanned < e0.direct_scanned);
	/* determinism */
	assert_int_equal(eval_run(&r20, &again), 0);
	assert_memory_equal(&again, &e20, sizeof(e20));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_proactive_vs_vanilla),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
