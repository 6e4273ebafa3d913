import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Static } from '@sinclair/typebox';
import { body, openapi, params, patch, query } from '../api/schema.pipe';
import { Actor, Roles, type Identity } from '../auth/identity';
import { AudienceBody, CustomerBody, CustomerImportBody, CustomerListQuery, CustomerParams, CustomerPatch } from './customers.dto';
import { CustomersService } from './customers.service';
import { Heavy } from '../auth/rate-limits';

type Id = Static<typeof CustomerParams>;

@ApiTags('customers')
@ApiBearerAuth()
@Controller('api/v1/customers')
export class CustomersController {
  constructor(private readonly customers: CustomersService) {}

  @Post()
  @ApiBody({ schema: openapi(CustomerBody) })
  create(@Actor() actor: Identity, @Body(body(CustomerBody)) b: Static<typeof CustomerBody>) {
    return this.customers.create(actor, b);
  }

  @Get()
  list(@Actor() actor: Identity, @Query(query(CustomerListQuery)) q: Static<typeof CustomerListQuery>) {
    return this.customers.list(actor, q);
  }

  @Post('import')
  @Roles('superAdmin')
  @Heavy()
  @HttpCode(201)
  @ApiBody({ schema: openapi(CustomerImportBody) })
  @ApiOperation({ summary: 'CSV id,name,email,phone,owner,source,region,tags,attr.<key>...; all rows or none' })
  import(@Actor() actor: Identity, @Body(body(CustomerImportBody)) b: Static<typeof CustomerImportBody>) {
    return this.customers.import(actor, b.csv);
  }

  @Post('search')
  @HttpCode(200)
  @ApiBody({ schema: openapi(AudienceBody) })
  @ApiOperation({ summary: 'Count and list the customers of an audience (tags and whitelisted filters)' })
  search(@Actor() actor: Identity, @Body(body(AudienceBody)) b: Static<typeof AudienceBody>) {
    return this.customers.search(actor, b.audience, b.limit);
  }

  @Get(':id')
  get(@Actor() actor: Identity, @Param(params(CustomerParams)) p: Id) {
    return this.customers.get(actor, p.id);
  }

  @Patch(':id')
  @ApiBody({ schema: openapi(CustomerPatch) })
  update(@Actor() actor: Identity, @Param(params(CustomerParams)) p: Id, @Body(patch(CustomerPatch)) b: Static<typeof CustomerPatch>) {
    return this.customers.update(actor, p.id, b);
  }

  @Post(':id/replied')
  @HttpCode(200)
  @ApiOperation({ summary: 'The customer replied: cancels cadences waiting for it and records the first response' })
  replied(@Actor() actor: Identity, @Param(params(CustomerParams)) p: Id) {
    return this.customers.replied(actor, p.id);
  }
}
