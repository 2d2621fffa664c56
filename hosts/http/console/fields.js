// What FieldProperties say about one field, for the form: a field without Read is left
// out, one without Write (or with UIHintReadOnly) is shown disabled, UIHintMandatory is
// marked, FieldLength limits the input, and the reason of a missing right is a hint.

/** The flags of a mask as the API writes it ("Update, UIHintMandatory"). */
function flagsOf(mask) {
  return new Set(String(mask ?? 'None').split(',').map((flag) => flag.trim()));
}

/** { readable, writable, mandatory, maxLength, reason, type } of `name` in a carrier's FieldProperties. */
export function fieldRights(carrier, name) {
  const property = carrier?.FieldProperties?.[name];
  if (!property) return { readable: false };
  const flags = flagsOf(property.FieldRight?.Mask);
  const readable = flags.has('Read') || flags.has('Update');
  const writable = (flags.has('Write') || flags.has('Update')) && !flags.has('UIHintReadOnly');
  return {
    readable,
    writable,
    mandatory: flags.has('UIHintMandatory'),
    maxLength: property.FieldLength > 0 ? property.FieldLength : undefined,
    reason: property.FieldRight?.Reason || '',
    type: property.FieldType || '',
  };
}

/** The field types a form can edit in an input of its own. */
export const editableTypes = new Set(['System.String', 'System.Int32', 'System.Boolean']);
