import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { PeopleModule } from '../org/people.module';
import { CustomerEvents } from './customer.events';
import { CUSTOMER, CustomerSchema } from './customer.schema';
import { CustomersController } from './customers.controller';
import { CustomersService } from './customers.service';

@Module({
  imports: [MongooseModule.forFeature([{ name: CUSTOMER, schema: CustomerSchema }]), PeopleModule],
  controllers: [CustomersController],
  providers: [CustomersService, CustomerEvents],
  exports: [CustomersService, CustomerEvents, MongooseModule],
})
export class CustomersModule {}
