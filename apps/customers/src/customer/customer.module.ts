import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { EventSourcingModule } from '@crm/platform';
import { projectionProvider } from '@crm/projections';
import { CardCompletenessQuery } from './application/card-completeness/card-completeness.query';
import { CustomerCommands, customerHandlerProvider } from './application/customer-commands';
import { CustomerRepository } from './application/customer.repository';
import { FindDuplicatesQuery } from './application/find-duplicates/find-duplicates.query';
import { GetCustomerCardQuery } from './application/get-customer-card/get-customer-card.query';
import { GetCustomerHistoryQuery } from './application/get-history/get-history.query';
import { HandOverHandler } from './application/hand-over/hand-over.handler';
import { KeyAccountHandler } from './application/key-account/key-account.handler';
import { ListAuditQuery } from './application/list-audit/list-audit.query';
import { ListCustomersQuery } from './application/list-customers/list-customers.query';
import { ManageContactsHandler } from './application/manage-contacts/manage-contacts.handler';
import { RecordSurveyHandler } from './application/record-survey/record-survey.handler';
import { RecordPurchaseHandler } from './application/record-purchase/record-purchase.handler';
import { RedeemPointsHandler } from './application/redeem-points/redeem-points.handler';
import { RegisterCustomerHandler } from './application/register-customer/register-customer.handler';
import { UpdateCustomerHandler } from './application/update-customer/update-customer.handler';
import { EraseCustomerHandler } from './application/erase-customer/erase-customer.handler';
import { EraseInactiveCustomersHandler } from './application/retention/erase-inactive-customers.handler';
import { ExpirePointsSweep } from './application/points-expiry/expire-points.sweep';
import { MergeCustomersHandler } from './application/merge-customers/merge-customers.handler';
import { AuditLogStore } from './infrastructure/audit-log.store';
import { CustomerDataCodec } from './infrastructure/customer-data.codec';
import { customerCardSchema } from './infrastructure/customer-card.schema';
import { CustomerCardProjection } from './infrastructure/customer-card.projection';
import { KeyAccountSlotsStore } from './infrastructure/key-account-slots.store';
import { PersonalDataExportController } from './interface/personal-data-export.controller';
import { AuditController } from './interface/audit.controller';
import { CustomersController } from './interface/customers.controller';
import { CustomerDataQualityController } from './interface/customer-data-quality.controller';
import { CustomerCardController } from './interface/customer-card.controller';
import { CustomerAccountController } from './interface/customer-account.controller';
import { CustomerSchedulesWorker } from './interface/customer-schedules.worker';

@Module({
  imports: [
    // Personal fields are sealed with a per-customer key: erasure deletes the key (ADR 11).
    EventSourcingModule.forContext('customers', { codec: CustomerDataCodec }),
    MongooseModule.forFeature([{ name: 'CustomerCard', schema: customerCardSchema }]),
  ],
  // In this order: the routes with a fixed segment (/customers/duplicates) come before /customers/:id.
  // In this order: the routes with a fixed segment (/customers/duplicates) come before /customers/:id.
  controllers: [
    CustomersController,
    CustomerDataQualityController,
    CustomerCardController,
    CustomerAccountController,
    AuditController,
    PersonalDataExportController,
  ],
  providers: [
    customerHandlerProvider,
    CustomerRepository,
    CustomerCommands,
    AuditLogStore,
    RecordPurchaseHandler,
    RecordSurveyHandler,
    RegisterCustomerHandler,
    UpdateCustomerHandler,
    ManageContactsHandler,
    RedeemPointsHandler,
    KeyAccountHandler,
    HandOverHandler,
    KeyAccountSlotsStore,
    EraseCustomerHandler,
    EraseInactiveCustomersHandler,
    CustomerSchedulesWorker,
    ExpirePointsSweep,
    MergeCustomersHandler,
    GetCustomerCardQuery,
    GetCustomerHistoryQuery,
    FindDuplicatesQuery,
    ListCustomersQuery,
    ListAuditQuery,
    CardCompletenessQuery,
    CustomerCardProjection,
    // The card's only writer: the projection runner's consumer, records keyed by customer (ADR 4,
    // 6); rebuilt from the topics through POST /customers/admin/projections/rebuild (ADR 143).
    projectionProvider(CustomerCardProjection),
  ],
})
export class CustomerModule {}
