import { Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Static } from '@sinclair/typebox';
import { Page, Reply, ValidBody, ValidParams, ValidPatch, ValidQuery } from '../api/contract';
import { Actor, Roles, type Identity } from '../auth/identity';
import { Audience, AudienceBody, Customer, CustomerBody, CustomerImportBody, CustomerListQuery, CustomerParams, CustomerPatch, Imported } from './customers.dto';
import { CustomersService } from './customers.service';
import { Heavy } from '../auth/rate-limits';

type Id = Static<typeof CustomerParams>;

@ApiTags('customers')
@ApiBearerAuth()
@Controller('api/v1/customers')
export class CustomersController {
  constructor(private readonly customers: CustomersService) {}

  @Post()
  @Reply(Customer, { errors: [403, 409] })
  create(@Actor() actor: Identity, @ValidBody(CustomerBody) b: Static<typeof CustomerBody>) {
    return this.customers.create(actor, b);
  }

  @Get()
  @Reply(Page(Customer))
  list(@Actor() actor: Identity, @ValidQuery(CustomerListQuery) q: Static<typeof CustomerListQuery>) {
    return this.customers.list(actor, q);
  }

  @Post('import')
  @Roles('superAdmin')
  @Heavy()
  @HttpCode(201)
  @ApiOperation({ summary: 'CSV id,name,email,phone,owner,source,region,tags,attr.<key>...; all rows or none' })
  @Reply(Imported)
  import(@Actor() actor: Identity, @ValidBody(CustomerImportBody) b: Static<typeof CustomerImportBody>) {
    return this.customers.import(actor, b.csv);
  }

  @Post('search')
  @HttpCode(200)
  @ApiOperation({ summary: 'Count and list the customers of an audience (tags and whitelisted filters)' })
  @Reply(Audience)
  search(@Actor() actor: Identity, @ValidBody(AudienceBody) b: Static<typeof AudienceBody>) {
    return this.customers.search(actor, b.audience, b.limit);
  }

  @Get(':id')
  @Reply(Customer)
  get(@Actor() actor: Identity, @ValidParams(CustomerParams) p: Id) {
    return this.customers.get(actor, p.id);
  }

  @Patch(':id')
  @Reply(Customer, { errors: [403] })
  update(@Actor() actor: Identity, @ValidParams(CustomerParams) p: Id, @ValidPatch(CustomerPatch) b: Static<typeof CustomerPatch>) {
    return this.customers.update(actor, p.id, b);
  }

  @Post(':id/replied')
  @HttpCode(200)
  @ApiOperation({ summary: 'The customer replied: cancels cadences waiting for it and records the first response' })
  @Reply(Customer)
  replied(@Actor() actor: Identity, @ValidParams(CustomerParams) p: Id) {
    return this.customers.replied(actor, p.id);
  }
}
