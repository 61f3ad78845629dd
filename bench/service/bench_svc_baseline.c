/* bench_svc_baseline.c: the baseline for benchmark (a): the least a
 * service can do for "append an event durably and acknowledge it" over the
 * same socket type: a Unix socket, a thread per client reading 4-byte-length
 * frames, one writer thread that puts everything queued into LMDB with
 * MDB_APPEND in one synced transaction, then acknowledges each (an 8-byte
 * position in a frame).  No views, no protobuf, no event loop.
 *
 * usage: bench_svc_baseline DIR SOCKET   (runs until killed)
 */
#include <errno.h>
#include <lmdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

struct item {
	struct item *next;
	int fd;
	uint32_t len;
	uint8_t *data;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static struct item *queue, **tail = &queue;
static MDB_env *env;
static MDB_dbi dbi;
static uint64_t next_pos = 1;

static int read_all(int fd, void *p, size_t n)
{
	uint8_t *b = p;
	while (n) {
		ssize_t r = read(fd, b, n);
		if (r <= 0)
			return -1;
		b += r;
		n -= (size_t)r;
	}
	return 0;
}

static void *client(void *arg)
{
	int fd = (int)(intptr_t)arg;
	for (;;) {
		uint8_t h[4];
		if (read_all(fd, h, 4))
			break;
		uint32_t n = (uint32_t)h[0] << 24 | (uint32_t)h[1] << 16 | (uint32_t)h[2] << 8 | h[3];
		if (n > (1u << 20))
			break;
		struct item *it = malloc(sizeof *it);
		it->data = malloc(n ? n : 1);
		it->len = n;
		it->fd = fd;
		it->next = NULL;
		if (read_all(fd, it->data, n))
			break;
		pthread_mutex_lock(&mu);
		*tail = it;
		tail = &it->next;
		pthread_cond_signal(&cv);
		pthread_mutex_unlock(&mu);
	}
	close(fd);
	return NULL;
}

static void *writer(void *arg)
{
	(void)arg;
	for (;;) {
		pthread_mutex_lock(&mu);
		while (!queue)
			pthread_cond_wait(&cv, &mu);
		struct item *batch = queue;
		queue = NULL;
		tail = &queue;
		pthread_mutex_unlock(&mu);
		MDB_txn *txn;
		if (mdb_txn_begin(env, NULL, 0, &txn))
			abort();
		uint64_t first = next_pos;
		for (struct item *it = batch; it; it = it->next) {
			uint8_t k[8];
			for (int i = 0; i < 8; i++)
				k[i] = (uint8_t)(next_pos >> (56 - 8 * i));
			MDB_val key = { 8, k }, val = { it->len, it->data };
			int r = mdb_put(txn, dbi, &key, &val, MDB_APPEND);
			if (r) {
				fprintf(stderr, "mdb_put: %s\n", mdb_strerror(r));
				abort();
			}
			next_pos++;
		}
		if (mdb_txn_commit(txn))
			abort();
		uint64_t pos = first;
		while (batch) {
			struct item *it = batch;
			batch = it->next;
			uint8_t ack[12] = { 0, 0, 0, 8 };
			for (int i = 0; i < 8; i++)
				ack[4 + i] = (uint8_t)(pos >> (56 - 8 * i));
			pos++;
			ssize_t w = write(it->fd, ack, sizeof ack);
			(void)w;
			free(it->data);
			free(it);
		}
	}
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: bench_svc_baseline DIR SOCKET\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	mkdir(argv[1], 0700);
	MDB_txn *txn;
	if (mdb_env_create(&env) || mdb_env_set_mapsize(env, (size_t)4 << 30) ||
	    mdb_env_open(env, argv[1], 0, 0600) || mdb_txn_begin(env, NULL, 0, &txn) ||
	    mdb_dbi_open(txn, NULL, 0, &dbi) || mdb_txn_commit(txn)) {
		fprintf(stderr, "lmdb setup failed\n");
		return 1;
	}
	int l = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", argv[2]);
	unlink(argv[2]);
	if (bind(l, (struct sockaddr *)&sa, sizeof sa) || listen(l, 256)) {
		perror("bind");
		return 1;
	}
	pthread_t t;
	pthread_create(&t, NULL, writer, NULL);
	for (;;) {
		int fd = accept(l, NULL, NULL);
		if (fd < 0)
			continue;
		pthread_create(&t, NULL, client, (void *)(intptr_t)fd);
		pthread_detach(t);
	}
}
