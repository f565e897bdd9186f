/* hosts/file.c: reference-counted open files (see file.h). */
#include "file.h"

#include <glib.h>

struct file *file_new(enum file_type type, const struct file_ops *ops,
                      void *data)
{
  struct file *fp = g_new0(struct file, 1);
  fp->ops = ops;
  fp->type = type;
  fp->refs = 1;
  fp->data = data;
  return fp;
}

struct file *file_ref(struct file *fp)
{
  g_assert(fp->refs > 0);
  fp->refs++;
  return fp;
}

int file_unref(struct file *fp)
{
  g_assert(fp->refs > 0);
  if (--fp->refs > 0)
    return 0;
  int err = fp->ops && fp->ops->release ? fp->ops->release(fp) : 0;
  g_free(fp);
  return err;
}
