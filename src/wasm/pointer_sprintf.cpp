// The module's siprintf (Emscripten's sprintf for formats without floating point), in place of
// the C library's. Its one caller is embind's __getTypeName (emscripten/system/lib/embind/bind.cpp),
// which names a type embind was not told about as sprintf(buffer, "%p", address) for an error
// message; with the C library's that one line brought the whole of printf, floating-point
// formatting included (3.8 KB gzip), into every page. A definition here is linked first, so the
// C library's is never pulled in. It writes "%p" and nothing else: any other format writes an
// empty string and returns -1, an error its caller sees.
#include <cstdarg>
#include <cstdint>
#include <cstring>

extern "C" int siprintf(char* out, const char* format, ...) {
  if (std::strcmp(format, "%p") != 0) {
    out[0] = '\0';
    return -1;
  }
  va_list arguments;
  va_start(arguments, format);
  auto address = reinterpret_cast<uintptr_t>(va_arg(arguments, void*));
  va_end(arguments);
  // As musl writes it: 0x and the lower-case hex digits, no leading zeros.
  char digits[2 * sizeof address];
  int count = 0;
  do {
    digits[count++] = "0123456789abcdef"[address & 0xf];
    address >>= 4;
  } while (address);
  int length = 0;
  out[length++] = '0';
  out[length++] = 'x';
  while (count) out[length++] = digits[--count];
  out[length] = '\0';
  return length;
}
