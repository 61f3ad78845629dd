/* test_frame.c: the frame decoder and protocol message checks (core/frame.h,
 * core/wire.h): pieces of any size, limits, truncation, round trips, unknown
 * bodies, version and token checks, and allocation failure. */
#include "test.h"

#include "error.h"
#include "frame.h"
#include "wire.h"

#include <errno.h>

static void put_hello(dsr_buf *b, uint64_t id, uint32_t version, const char *tok)
{
	Dpb__Hello h = DPB__HELLO__INIT;
	h.version = version;
	h.token = (char *)tok;
	Dpb__Request rq = DPB__REQUEST__INIT;
	rq.id = id;
	rq.body_case = DPB__REQUEST__BODY_HELLO;
	rq.hello = &h;
	ASSERT_OK(dsr_wire_put(b, &rq.base));
}

static void test_pieces(void)
{
	dsr_buf b = DSR_BUF_INIT;
	for (int i = 0; i < 50; i++)
		put_hello(&b, (uint64_t)i + 1, DSR_PROTOCOL_VERSION, "t");
	/* Every piece size from 1 byte to the whole stream. */
	for (size_t step = 1; step <= b.len; step += step < 16 ? 1 : 97) {
		dsr_frame_dec d;
		dsr_frame_dec_init(&d, DSR_FRAME_MAX_HELLO);
		uint64_t next = 1;
		for (size_t off = 0; off < b.len; off += step) {
			size_t n = b.len - off < step ? b.len - off : step;
			ASSERT_OK(dsr_frame_feed(&d, b.data + off, n));
			const uint8_t *body;
			size_t len;
			int r;
			while ((r = dsr_frame_next(&d, &body, &len)) == 1) {
				Dpb__Request *rq;
				ASSERT_OK(dsr_wire_request(body, len, NULL, &rq));
				ASSERT_EQ(rq->id, next);
				ASSERT_EQ(rq->body_case, DPB__REQUEST__BODY_HELLO);
				ASSERT_OK(dsr_wire_hello_check(rq->hello));
				dpb__request__free_unpacked(rq, NULL);
				next++;
			}
			ASSERT_EQ(r, 0);
		}
		ASSERT_EQ(next, 51);
		ASSERT_EQ(dsr_frame_pending(&d), 0);
		dsr_frame_dec_free(&d);
	}
	dsr_buf_free(&b);
}

static void test_limits(void)
{
	dsr_frame_dec d;
	const uint8_t *body;
	size_t len;
	uint8_t hdr[4];

	/* Exactly the limit passes; one more fails before any body arrives. */
	dsr_frame_dec_init(&d, 10);
	dsr_frame_header(hdr, 10);
	ASSERT_OK(dsr_frame_feed(&d, hdr, 4));
	ASSERT_EQ(dsr_frame_next(&d, &body, &len), 0);
	ASSERT_OK(dsr_frame_feed(&d, "0123456789", 10));
	ASSERT_EQ(dsr_frame_next(&d, &body, &len), 1);
	ASSERT_EQ(len, 10);
	dsr_frame_header(hdr, 11);
	ASSERT_OK(dsr_frame_feed(&d, hdr, 4));
	ASSERT_EQ(dsr_frame_next(&d, &body, &len), DSR_ETOOBIG);
	/* The decoder stays failed. */
	ASSERT_EQ(dsr_frame_feed(&d, "x", 1), DSR_ETOOBIG);
	ASSERT_EQ(dsr_frame_next(&d, &body, &len), DSR_ETOOBIG);
	dsr_frame_dec_free(&d);

	/* 0xffffffff announced: refused, nothing allocated for it. */
	dsr_frame_dec_init(&d, DSR_FRAME_MAX);
	ASSERT_OK(dsr_frame_feed(&d, "\xff\xff\xff\xff", 4));
	ASSERT_EQ(dsr_frame_next(&d, &body, &len), DSR_ETOOBIG);
	ASSERT(d.in.cap < 1024);
	dsr_frame_dec_free(&d);

	/* A zero-length frame is a frame (an empty message). */
	dsr_frame_dec_init(&d, 16);
	ASSERT_OK(dsr_frame_feed(&d, "\0\0\0\0", 4));
	ASSERT_EQ(dsr_frame_next(&d, &body, &len), 1);
	ASSERT_EQ(len, 0);
	/* A truncated frame stays pending. */
	ASSERT_OK(dsr_frame_feed(&d, "\0\0\0\5ab", 6));
	ASSERT_EQ(dsr_frame_next(&d, &body, &len), 0);
	ASSERT_EQ(dsr_frame_pending(&d), 6);
	/* Raising the limit after a handshake. */
	dsr_frame_dec_limit(&d, DSR_FRAME_MAX);
	ASSERT_OK(dsr_frame_feed(&d, "cde", 3));
	ASSERT_EQ(dsr_frame_next(&d, &body, &len), 1);
	ASSERT_EQ(len, 5);
	ASSERT(memcmp(body, "abcde", 5) == 0);
	dsr_frame_dec_free(&d);
}

static void test_messages(void)
{
	Dpb__Request *rq;
	/* Not protobuf at all: an invalid wire type. */
	ASSERT_EQ(dsr_wire_request((const uint8_t *)"\xff\xff\xff", 3, NULL, &rq),
		  DSR_EDECODE);
	/* A field claiming more bytes than there are. */
	ASSERT_EQ(dsr_wire_request((const uint8_t *)"\x12\x10\x08", 3, NULL, &rq),
		  DSR_EDECODE);
	/* Empty: a valid Request with no body. */
	ASSERT_OK(dsr_wire_request((const uint8_t *)"", 0, NULL, &rq));
	ASSERT_EQ(rq->body_case, DPB__REQUEST__BODY__NOT_SET);
	dpb__request__free_unpacked(rq, NULL);
	/* A body from a newer version (field 200, a string): decodes, with no
	 * body case, so the receiver refuses just that request. */
	const uint8_t newer[] = { 0x08, 0x07, 0xc2, 0x0c, 0x01, 'x' };
	ASSERT_OK(dsr_wire_request(newer, sizeof newer, NULL, &rq));
	ASSERT_EQ(rq->id, 7);
	ASSERT_EQ(rq->body_case, DPB__REQUEST__BODY__NOT_SET);
	dpb__request__free_unpacked(rq, NULL);

	/* Field number 0 (an overlong tag) is not protobuf: refused. */
	const uint8_t zero[] = { 0x08, 0x00, 0x80, 0x00, 0x00 };
	ASSERT_EQ(dsr_wire_request(zero, sizeof zero, NULL, &rq), DSR_EDECODE);

	/* Version check. */
	dsr_buf b = DSR_BUF_INIT;
	put_hello(&b, 1, DSR_PROTOCOL_VERSION + 1, "");
	ASSERT_OK(dsr_wire_request(b.data + 4, b.len - 4, NULL, &rq));
	ASSERT_EQ(dsr_wire_hello_check(rq->hello), DSR_EVERSION);
	dpb__request__free_unpacked(rq, NULL);
	dsr_buf_free(&b);

	/* Tokens. */
	ASSERT_OK(dsr_wire_token_check("abcd", "abcd"));
	ASSERT_EQ(dsr_wire_token_check("abcd", "abce"), DSR_EAUTH);
	ASSERT_EQ(dsr_wire_token_check("abcd", "abc"), DSR_EAUTH);
	ASSERT_EQ(dsr_wire_token_check("abcd", "abcde"), DSR_EAUTH);
	ASSERT_EQ(dsr_wire_token_check("", ""), DSR_EAUTH);
}

/* An allocator that fails the Nth allocation. */
static int fail_at, calls;
static void *fail_alloc(void *d, size_t n)
{
	(void)d;
	return ++calls == fail_at ? NULL : malloc(n);
}
static void fail_free(void *d, void *p)
{
	(void)d;
	free(p);
}

static void test_enomem(void)
{
	dsr_buf b = DSR_BUF_INIT;
	put_hello(&b, 9, DSR_PROTOCOL_VERSION, "token");
	ProtobufCAllocator a = { fail_alloc, fail_free, NULL };
	int saw_enomem = 0;
	for (fail_at = 1;; fail_at++) {
		calls = 0;
		Dpb__Request *rq;
		int r = dsr_wire_request(b.data + 4, b.len - 4, &a, &rq);
		if (r == 0) {
			dpb__request__free_unpacked(rq, &a);
			break;
		}
		ASSERT_EQ(r, -ENOMEM);
		saw_enomem = 1;
	}
	ASSERT(saw_enomem);
	dsr_buf_free(&b);
}

static const struct test_case cases[] = {
	TEST_CASE(pieces),
	TEST_CASE(limits),
	TEST_CASE(messages),
	TEST_CASE(enomem),
};

int main(int argc, char **argv)
{
	TEST_ARGS(argc, argv, cases);
	test_run();
	printf("frame: ok\n");
	return 0;
}
