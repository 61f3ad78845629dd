/* main.c: dossierd (stub until the service lands). */
#include <stdio.h>
int main(void) { puts("dossierd"); return 0; }
