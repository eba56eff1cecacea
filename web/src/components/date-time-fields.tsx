import { ActionIcon, TextInput, type TextInputProps } from '@mantine/core';
import { IconCalendar } from '@tabler/icons-react';
import { type ChangeEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseDateText, parseTimeText } from '../lib/date-text';
import { formatDate } from '../lib/format';

/**
 * Date and time inputs in the app's language, not the browser's: a native `<input type="date|time">` shows
 * mm/dd/yyyy and AM/PM in an English browser even when Koppel speaks Dutch or German. These show dd-mm-jjjj /
 * TT.MM.JJJJ / dd/mm/yyyy and 24-hour times, and hand the form the same values the native inputs did
 * (YYYY-MM-DD, HH:MM) through a change event, so `form.bind(...)` and `onChange={(e) => …}` keep working.
 */
type ValueChange = ChangeEvent<HTMLInputElement>;
type FieldProps = Omit<TextInputProps, 'value' | 'onChange' | 'type'> & { value: string; onChange: (e: ValueChange) => void };

const changeEvent = (value: string) => ({ currentTarget: { value }, target: { value } }) as unknown as ValueChange;
export function DateField({ value, onChange, rightSection, ...rest }: FieldProps) {
  const { t, i18n } = useTranslation();
  const shown = value ? formatDate(value) : '';
  const [text, setText] = useState(shown);
  const picker = useRef<HTMLInputElement>(null);
  // The value changed from outside (a reset, a preset filter): show it. Another language: show it in that format.
  useEffect(() => {
    if ((parseDateText(text) ?? '') !== value) setText(shown);
  }, [value]);
  useEffect(() => setText(shown), [i18n.language]);
  const invalid = text.trim() !== '' && parseDateText(text) === null;
  return (
    <>
      <TextInput
        {...rest}
        lang={i18n.language}
        value={text}
        placeholder={rest.placeholder ?? t('common.datePlaceholder')}
        inputMode="numeric"
        autoComplete="off"
        error={rest.error ?? (invalid ? t('common.dateInvalid') : undefined)}
        onChange={(e) => {
          const next = e.currentTarget.value;
          setText(next);
          const parsed = next.trim() === '' ? '' : parseDateText(next);
          if (parsed !== null && parsed !== value) onChange(changeEvent(parsed));
        }}
        onBlur={(e) => {
          // Reformat what was typed ("1-12-2026" → "01-12-2026"); the value prop may not have caught up yet.
          const parsed = parseDateText(text);
          if (parsed !== null) setText(formatDate(parsed));
          rest.onBlur?.(e);
        }}
        rightSection={
          rightSection ?? (
            <ActionIcon variant="subtle" color="gray" aria-label={t('common.pickDate')} onClick={() => picker.current?.showPicker?.()} tabIndex={-1}>
              <IconCalendar size={16} aria-hidden />
            </ActionIcon>
          )
        }
      />
      {/* The browser's own calendar, only as a popup: its text field (mm/dd/yyyy in an English browser) is never shown. */}
      <input
        ref={picker}
        type="date"
        tabIndex={-1}
        aria-hidden
        value={value}
        onChange={(e) => {
          setText(e.currentTarget.value ? formatDate(e.currentTarget.value) : '');
          onChange(changeEvent(e.currentTarget.value));
        }}
        style={{ position: 'absolute', width: 0, height: 0, opacity: 0, pointerEvents: 'none', border: 0, padding: 0 }}
      />
    </>
  );
}

export function TimeField({ value, onChange, ...rest }: FieldProps) {
  const { t, i18n } = useTranslation();
  const shown = value ? value.slice(0, 5) : '';
  const [text, setText] = useState(shown);
  useEffect(() => {
    if ((parseTimeText(text) ?? '') !== shown) setText(shown);
  }, [value]);
  const invalid = text.trim() !== '' && parseTimeText(text) === null;
  return (
    <TextInput
      {...rest}
      lang={i18n.language}
      value={text}
      placeholder={rest.placeholder ?? t('common.timePlaceholder')}
      inputMode="numeric"
      autoComplete="off"
      maxLength={5}
      error={rest.error ?? (invalid ? t('common.timeInvalid') : undefined)}
      onChange={(e) => {
        const next = e.currentTarget.value;
        setText(next);
        const parsed = next.trim() === '' ? '' : parseTimeText(next);
        // A half-typed time ("9") already counts as 09:00; an unreadable one is passed on for the server to name.
        onChange(changeEvent(parsed ?? next));
      }}
      onBlur={(e) => {
        const parsed = parseTimeText(text);
        if (parsed) setText(parsed);
        rest.onBlur?.(e);
      }}
    />
  );
}
