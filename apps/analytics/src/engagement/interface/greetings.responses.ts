import { ApiProperty } from '@nestjs/swagger';
import { ENGAGEMENT_CHANNELS, GREETING_OCCASIONS } from '@crm/contracts';
import { GREETING_LIST_STATUSES } from '@apps/analytics/src/engagement/infrastructure/greeting-list.projection';

/** The OpenAPI description of GET /engagement/greetings (the console's client is typed from it). */
export class GreetingContactDto {
  @ApiProperty()
  contactId!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'Personal data: masked (`***` and a hint) for a caller who sees the customer masked, `[erased]` after the erasure of the customer, null while the contact is not known yet.',
  })
  name!: string | null;
}

export class GreetingOccasionDto {
  @ApiProperty({ enum: GREETING_OCCASIONS })
  kind!: (typeof GREETING_OCCASIONS)[number];

  @ApiProperty({
    description:
      'The occasion in Chinese (生日, 春节, a public holiday by its name, 国庆节); anniversary and one-off labels are personal and not repeated.',
    example: '生日',
  })
  label!: string;

  @ApiProperty({ description: 'The year of the occasion the greeting belongs to.' })
  year!: number;
}

export class GreetingDto {
  @ApiProperty()
  greetingId!: string;

  @ApiProperty()
  customerId!: string;

  @ApiProperty({ type: String, nullable: true })
  customerName!: string | null;

  @ApiProperty({ type: GreetingContactDto })
  contact!: GreetingContactDto;

  @ApiProperty({ type: GreetingOccasionDto })
  occasion!: GreetingOccasionDto;

  @ApiProperty({
    format: 'date-time',
    description: "When it is (was) delivered: the configured hour in the contact's time zone.",
  })
  dueAt!: string;

  @ApiProperty({ format: 'date', description: 'The day it is due where the contact lives.' })
  dueDate!: string;

  @ApiProperty({ description: "The contact's time zone.", example: 'Asia/Shanghai' })
  timeZone!: string;

  @ApiProperty({
    enum: ENGAGEMENT_CHANNELS,
    description: '`task`: a personal word from the rep (a call, a gift); the others are automated.',
  })
  channel!: (typeof ENGAGEMENT_CHANNELS)[number];

  @ApiProperty({ enum: GREETING_LIST_STATUSES })
  status!: (typeof GREETING_LIST_STATUSES)[number];

  @ApiProperty({
    type: String,
    nullable: true,
    format: 'date-time',
    description: 'When it was sent, failed or was cancelled.',
  })
  closedAt!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: "The customer's owner, who answers for the greeting.",
  })
  responsibleRepId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  region!: string | null;
}

export class GreetingPageDto {
  @ApiProperty({ type: [GreetingDto] })
  items!: GreetingDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last one.',
  })
  nextCursor!: string | null;
}
