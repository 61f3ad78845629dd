/* peer_conf.c: who this daemon is to its peers and whom it admits — the
 * peer key (DATA/peer.key), the allow-list (--allow-peer, `allow` lines of
 * DATA/peers.conf), the peers to keep up with (--peer, `peer` lines) —
 * and the start-up steps of replication, including the restore guard.
 *
 * Why a peer key apart from the store's origin: the origin changes at
 * every start (the restore guard, docs/replication.md), but peers admit
 * each other by a key they wrote into their allow-lists, which must stay. */
#include "peer.h"
#include "error.h"
#include "logging.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static uint8_t key_sk[64], key_pk[32];
static uint8_t (*allowed)[32];
static size_t nallowed;
static char **peer_addrs;
static size_t npeer_addrs;
static char **opt_allow;
static size_t nopt_allow;

const uint8_t *peers_key_pub(void) { return key_pk; }
const uint8_t *peers_key_secret(void) { return key_sk; }
size_t peers_allowed_count(void) { return nallowed; }
const uint8_t *peers_allowed_at(size_t i) { return allowed[i]; }

bool peers_allowed(const uint8_t key[32])
{
	for (size_t i = 0; i < nallowed; i++)
		if (sodium_memcmp(allowed[i], key, 32) == 0)
			return true;
	return false;
}

static void push(char ***v, size_t *n, const char *s)
{
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[(*n)++] = xstrdup(s);
}

void peers_option(const char *name, const char *arg)
{
	if (!strcmp(name, "peer"))
		push(&peer_addrs, &npeer_addrs, arg);
	else
		push(&opt_allow, &nopt_allow, arg);
}

static int allow(const char *hex, const char *where)
{
	uint8_t k[32];
	if (strlen(hex) != 64 || dsr_unhex(hex, k, 32)) {
		dlog(DLOG_ERROR, "%s: '%s' is not a peer key (64 hex digits)", where, hex);
		return -1;
	}
	if (peers_allowed(k))
		return 0;
	allowed = xrealloc(allowed, (nallowed + 1) * sizeof *allowed);
	memcpy(allowed[nallowed++], k, 32);
	return 0;
}

/* DATA/peers.conf: `allow KEY [comment]` and `peer HOST:PORT` lines, '#'
 * comments.  Missing is fine. */
static int read_conf(const char *dir)
{
	char path[4200], line[1024];
	snprintf(path, sizeof path, "%s/peers.conf", dir);
	FILE *f = fopen(path, "r");
	if (!f)
		return errno == ENOENT ? 0 : (dlog(DLOG_ERROR, "%s: %s", path, strerror(errno)), -1);
	int rc = 0, ln = 0;
	while (rc == 0 && fgets(line, sizeof line, f)) {
		ln++;
		char *save, *w = strtok_r(line, " \t\r\n", &save);
		if (!w || w[0] == '#')
			continue;
		char *arg = strtok_r(NULL, " \t\r\n", &save);
		char where[4300];
		snprintf(where, sizeof where, "%s:%d", path, ln);
		if (!strcmp(w, "allow") && arg) {
			rc = allow(arg, where);
		} else if (!strcmp(w, "peer") && arg) {
			push(&peer_addrs, &npeer_addrs, arg);
		} else {
			dlog(DLOG_ERROR, "%s: expected 'allow KEY' or 'peer HOST:PORT'", where);
			rc = -1;
		}
	}
	fclose(f);
	return rc;
}

/* DATA/peer.key: the 64-byte Ed25519 secret key in hex, mode 0600,
 * created at first start. */
static int load_key(const char *dir)
{
	char path[4200], hex[2 * 64 + 2];
	snprintf(path, sizeof path, "%s/peer.key", dir);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		ssize_t n = read(fd, hex, sizeof hex - 1);
		close(fd);
		if (n < 128 || dsr_unhex((hex[128] = 0, hex), key_sk, 64)) {
			dlog(DLOG_ERROR, "%s is not a peer key (128 hex digits)", path);
			return -1;
		}
		memcpy(key_pk, key_sk + 32, 32);
		return 0;
	}
	if (errno != ENOENT) {
		dlog(DLOG_ERROR, "cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	crypto_sign_keypair(key_pk, key_sk);
	dsr_hex(key_sk, 64, hex);
	hex[128] = '\n';
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 || write(fd, hex, 129) != 129 || fsync(fd) != 0) {
		dlog(DLOG_ERROR, "cannot write %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

int peers_init(struct server *srv)
{
	const char *dir = srv->cfg.data_dir;
	if (load_key(dir) < 0 || read_conf(dir) < 0)
		return -1;
	for (size_t i = 0; i < nopt_allow; i++)
		if (allow(opt_allow[i], "--allow-peer") < 0)
			return -1;
	char pk[65], o1[65], o2[65];
	dsr_hex(key_pk, 32, pk);
	dsr_hex(dsr_store_origin(srv->store), 32, o1);
	/* The restore guard: this run writes under an origin no earlier
	 * run (and no backup of one) ever used. */
	int r = dsr_store_new_origin(srv->store);
	if (r < 0) {
		dlog(DLOG_ERROR, "cannot give the store a new origin: %s", dsr_strerror(r));
		return -1;
	}
	dsr_hex(dsr_store_origin(srv->store), 32, o2);
	dlog(DLOG_INFO, "origin %.16s… for this run (previous %.16s…); peer key %s; "
	     "%zu peer(s) allowed", o2, o1, pk, nallowed);
	return 0;
}

void peers_start(struct server *srv)
{
	peers_tick_start(srv);
	for (size_t i = 0; i < npeer_addrs; i++)
		outpeer_new(srv, peer_addrs[i], true);
}

static void stop_one(struct outpeer *op, void *ctx)
{
	(void)ctx;
	outpeer_stop(op, "dossierd is shutting down");
}

static void close_in(struct plink *l, void *ctx)
{
	(void)ctx;
	if (l->kind != LINK_OUT)
		link_close(l, "dossierd is shutting down");
}

void peers_stop(struct server *srv)
{
	outpeers_each(stop_one, NULL);
	links_each(srv, close_in, NULL);
	peers_tick_stop();
}

static void kick(struct plink *l, void *ctx)
{
	(void)ctx;
	link_kick(l);
}

void peers_on_commit(struct server *srv)
{
	links_each(srv, kick, NULL);
}
