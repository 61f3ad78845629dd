# Turns every file under daemon/web/ into bytes in one generated C file,
# with a table { "/path", bytes, length, "etag" } that dossierd serves its
# pages from (daemon/webstatic.c): the workspace needs nothing installed
# beside the binary and nothing from the internet.
file(GLOB_RECURSE files RELATIVE ${DIR} ${DIR}/*)
list(SORT files)
set(out "/* generated from daemon/web by scripts/embed-web.cmake */\n")
string(APPEND out "#include <stddef.h>\n")
string(APPEND out "#include \"webfiles.h\"\n")
set(table "")
set(i 0)
foreach(f ${files})
  # Editor droppings and hidden files are not served.
  if(f MATCHES "(^|/)\\." OR f MATCHES "~$")
    continue()
  endif()
  file(READ ${DIR}/${f} hex HEX)
  file(SHA256 ${DIR}/${f} sum)
  string(SUBSTRING "${sum}" 0 20 etag)
  string(LENGTH "${hex}" hexlen)
  math(EXPR nbytes "${hexlen} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," arr "${hex}")
  string(APPEND out "static const unsigned char web_${i}[] = {${arr}0};\n")
  string(APPEND table "  { \"/${f}\", web_${i}, ${nbytes}, \"\\\"${etag}\\\"\" },\n")
  math(EXPR i "${i} + 1")
endforeach()
string(APPEND out "const struct web_file web_files[] = {\n${table}  { NULL, NULL, 0, NULL }\n};\n")
file(WRITE ${OUT}.tmp "${out}")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different ${OUT}.tmp ${OUT})
