/* mkfork.c: makes a forked origin for the daemon tests, which cannot make
 * one (every dossierd start takes a new origin): two copies of one store
 * write different events under the same key, and each is written out as a
 * bundle.  usage: mkfork DIR  ->  DIR/fork1.bundle, DIR/fork2.bundle */
#include "repltest.h"
#include "test.h"

#include <stdio.h>

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: mkfork DIR\n");
		return 2;
	}
	char p1[1024], p2[1024];
	snprintf(p1, sizeof p1, "%s/fork1.bundle", argv[1]);
	snprintf(p2, sizeof p2, "%s/fork2.bundle", argv[1]);
	dsr_store *f = rt_open("f");
	rt_fill(f, 300, 31);
	dsr_store_close(f);
	rt_copy("f", "f2");
	f = rt_open("f");
	dsr_store *f2 = rt_open("f2");
	rt_fill(f, 100, 32);
	rt_fill(f2, 150, 33);
	rt_bundle(f, p1);
	rt_bundle(f2, p2);
	char hex[65];
	dsr_hex(dsr_store_origin(f), 32, hex);
	printf("%s\n", hex);
	dsr_store_close(f);
	dsr_store_close(f2);
	return 0;
}
