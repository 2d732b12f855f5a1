// The message that brings an office's holiday arrangements (its calendar file) to running obligations.
import { defineSignal } from '@temporalio/workflow';
import type { HolidayArrangement } from '../calendar/holidays';

/** Arrangements by year (a few dozen bytes each); the steps not yet taken follow them. */
export const holidaysArranged = defineSignal<[HolidayArrangement[]]>('holidaysArranged');
